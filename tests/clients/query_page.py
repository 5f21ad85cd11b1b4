"""Opens claimtrace's query page in headless Chromium (the system browser, driven by
playwright), runs one named query from its list, and prints what the results table shows
(JSON on stdout: the column names and the rows as the page renders them). A screenshot of
the page with its results goes to SCREENSHOT.

Usage: query_page.py PAGE_URL QUERY_NAME SCREENSHOT
"""
import json
import shutil
import sys

from playwright.sync_api import sync_playwright


def main():
    url, name, screenshot = sys.argv[1], sys.argv[2], sys.argv[3]
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        sys.exit("no chromium on PATH: scripts/setup.sh installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # The page must not reach beyond its own server (YASGUI is vendored, no CDN).
        outside = []

        def only_this_server(route):
            if route.request.url.startswith(url.rstrip("/")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_this_server)
        page.goto(url)
        page.click(f'nav button[data-name="{name}"]')
        page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=30_000)
        headers = page.eval_on_selector_all(
            ".yasr table.dataTable thead th", "ths => ths.map(th => th.innerText.trim())"
        )
        rows = page.eval_on_selector_all(
            ".yasr table.dataTable tbody tr",
            "trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))",
        )
        info = page.inner_text(".yasr") if page.query_selector(".yasr") else ""
        page.screenshot(path=screenshot, full_page=False)
        browser.close()
    json.dump(
        {"headers": headers, "rows": rows, "errors": errors, "outside": outside, "text": info},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
