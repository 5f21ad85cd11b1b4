//! `claimtrace serve` started for a test on a free loopback port, its log lines kept, and
//! stopped (SIGTERM) when the test is done.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

pub const TOKEN: &str = "test-token-7d1f";

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `claimtrace STORE_ARGS serve 127.0.0.1:0 SERVE_ARGS`; with `writable`, updates
    /// are allowed with [`TOKEN`].
    pub fn start(store_args: &[&str], serve_args: &[&str], writable: bool) -> Server {
        Server::start_with_env(store_args, serve_args, writable, &[])
    }

    /// [`Server::start`], with `env` set for the server.
    pub fn start_with_env(
        store_args: &[&str],
        serve_args: &[&str],
        writable: bool,
        env: &[(&str, &str)],
    ) -> Server {
        let mut command = super::bin();
        command.envs(env.iter().copied());
        command
            .args(store_args)
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"])
            .args(serve_args);
        if writable {
            command.env("CLAIMTRACE_TEST_TOKEN", TOKEN).args([
                "--allow-update",
                "--token-env",
                "CLAIMTRACE_TEST_TOKEN",
            ]);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("claimtrace serve starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let kept = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(addr) = line
                    .split("http://")
                    .nth(1)
                    .and_then(|rest| rest.split('/').next())
                    .and_then(|a| a.parse::<SocketAddr>().ok())
                {
                    let _ = tx.send(addr);
                }
                kept.lock().unwrap().push(line);
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("the server did not start: {:?}", log.lock().unwrap()));
        Server { child, addr, log }
    }

    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Whether a log line holding `needle` comes within 10 s (the line may be read after
    /// the answer it logs).
    pub fn logged(&self, needle: &str) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            if self.log().iter().any(|l| l.contains(needle)) {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills it (SIGKILL): no chance to finish anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits for the exit; the exit code.
    pub fn stop(mut self) -> Option<i32> {
        self.terminate()
    }

    fn terminate(&mut self) -> Option<i32> {
        let pid = self.child.id() as i32;
        // SAFETY: kill(2) on our own child's pid sends it a signal, nothing more.
        #[allow(unsafe_code)]
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        for _ in 0..300 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.terminate();
        }
    }
}
