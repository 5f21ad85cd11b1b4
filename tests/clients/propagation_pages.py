"""Drives claimtrace's propagation pages in headless Chromium (the system browser, through
playwright) as a reader would, and prints what it saw as JSON on stdout; tests/pages.rs
holds it to what the store says. Nothing here decides pass or fail.

Usage: propagation_pages.py BASE_URL CLAIM_PATH OUTLET_PATH STANDALONE_HTML SCREENSHOT_DIR

CLAIM_PATH is the page of a claim carried by two articles a day apart; OUTLET_PATH the page
of an outlet through which a nested claim came; STANDALONE_HTML the same claim's page
written by `trace --format html`, opened from disk with the network cut off.
"""
import json
import shutil
import sys

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def watch(page, base, seen):
    """Records script errors, and any request that leaves `base` (aborted)."""
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def only_here(route):
        url = route.request.url
        if (base and url.startswith(base)) or url.startswith("file:") or url.startswith("data:") \
                or url.startswith("blob:"):
            route.continue_()
        else:
            seen["outside"].append(url)
            route.abort()

    page.route("**/*", only_here)


def visible_articles(page):
    return page.eval_on_selector_all(
        "g.node.article",
        "gs => gs.filter(g => !g.classList.contains('filtered') && "
        "!g.classList.contains('hidden-by-replay')).length")


def panel_marks(page):
    return page.evaluate("""() => {
        const out = {};
        for (const m of document.querySelectorAll('#panel .sentence mark')) {
            (out[m.className] = out[m.className] || []).push(m.textContent);
        }
        return out;
    }""")


def claim_page(page, seen, served):
    """What the claim page shows and does; the page is open."""
    page.wait_for_selector("g.node.article")
    got = {
        "header": page.inner_text(".claim-head blockquote"),
        "articles": page.locator("g.node.article").count(),
        "first": page.eval_on_selector_all("g.node.article.first", "gs => gs.map(g => g.dataset.iri)"),
        "labels": page.eval_on_selector_all("g.node", "gs => gs.map(g => g.getAttribute('aria-label'))"),
    }
    page.click("g.node.article.first")
    got["first_panel"] = page.inner_text("#panel .meta")
    page.click("g.node.article:not(.first)")
    got["other_panel_title"] = page.inner_text("#panel h2")
    got["other_panel_meta"] = page.inner_text("#panel .meta")
    got["marks"] = panel_marks(page)
    got["diff"] = page.inner_text("#panel .carrier .diff")
    # Show SPARQL, and (served) run it in the query page.
    page.click("#panel button:has-text('Show SPARQL')")
    got["sparql"] = page.inner_text("#panel pre")
    run = page.query_selector("#panel a.run")
    got["run_link"] = run.get_attribute("href") if run else None
    page.keyboard.press("Escape")
    got["panel_closed_by_escape"] = page.is_hidden("#panel")

    # The brush over the first hours: one day's carrier stays.
    box = page.locator(".strip svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 34, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=8)
    page.mouse.up()
    page.wait_for_timeout(200)
    got["brushed_visible"] = visible_articles(page)
    got["brushed_range"] = page.inner_text("#range")
    page.click("#clear")
    got["cleared_visible"] = visible_articles(page)
    # The keyboard's way to the same: the next period with carriers.
    page.click("#step-on")
    got["stepped_visible"] = visible_articles(page)
    page.click("#clear")

    # Replay: part way through, the later carrier is not shown yet.
    page.click("#replay")
    page.wait_for_timeout(1500)
    got["replay_visible_midway"] = visible_articles(page)
    page.wait_for_timeout(6500)
    got["replay_visible_after"] = visible_articles(page)

    # The keyboard alone reaches a node and opens its panel.
    page.focus("body")
    reached = False
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.classList && "
                         "document.activeElement.classList.contains('article')"):
            reached = True
            break
    got["tab_reaches_an_article"] = reached
    if reached:
        page.keyboard.press("Enter")
        got["enter_opens_panel"] = page.is_visible("#panel")
        page.keyboard.press("Escape")

    # The table, sorted by outlet.
    page.click("#tab-table")
    got["table_rows"] = page.locator("#table tbody tr").count()
    page.click("#table th:nth-child(2) button")
    got["table_sort"] = page.get_attribute("#table th:nth-child(2)", "aria-sort")
    page.click("#tab-graph")

    # Downloads.
    for name, button in [("csv", "CSV"), ("json", "JSON"), ("turtle", "Turtle")]:
        with page.expect_download() as info:
            page.click(f".toolbar button:has-text('{button}')")
        path = info.value.path()
        got["download_" + name] = open(path, encoding="utf-8").read()
    return got


def main():
    base, claim_path, outlet_path, standalone, shots = sys.argv[1:6]
    base = base.rstrip("/")
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        sys.exit("no chromium on PATH: scripts/setup.sh installs it")
    report = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=ARGS)

        seen = {"errors": [], "outside": []}
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        page = context.new_page()
        watch(page, base, seen)
        page.goto(base + claim_path)
        report["served"] = claim_page(page, seen, True)
        if report["served"]["run_link"]:
            page.goto(base + report["served"]["run_link"])
            page.wait_for_function(
                "() => [...document.querySelectorAll('.CodeMirror')].some(c => "
                "c.CodeMirror.getValue().includes('ct:content'))", timeout=20_000)
            page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=30_000)
            report["served"]["query_page_rows"] = page.locator(".yasr table.dataTable tbody tr").count()
        page.goto(base + claim_path)
        page.wait_for_selector("g.node.article")
        page.click("g.node.article:not(.first)")
        if shots != "-":
            page.screenshot(path=f"{shots}/claim-page.png")

        # From the outlet's page to the claim that came through it.
        page.goto(base + outlet_path)
        report["outlet"] = {
            "title": page.inner_text("h1"),
            "counts": page.inner_text("ul.counts"),
            "rows": page.locator("table tbody tr").count(),
            "dots": page.locator("#timeline circle.dot").count(),
        }
        if shots != "-":
            page.screenshot(path=f"{shots}/outlet-page.png")
        page.click("table tbody tr:has-text('Vladimir Putin') td:nth-child(2) a")
        page.wait_for_selector("g.node.article")
        report["nested"] = {
            "labels": page.eval_on_selector_all("g.node", "gs => gs.map(g => g.getAttribute('aria-label'))"),
            "edges": page.eval_on_selector_all(
                "g[data-edge] path.edge", "ps => ps.map(p => p.getAttribute('class'))"),
        }
        speaker_link = page.get_attribute(".claim-head .who a", "href")
        page.goto(base + speaker_link)
        report["speaker"] = {"title": page.inner_text("h1"), "rows": page.locator("table tbody tr").count()}
        if shots != "-":
            page.screenshot(path=f"{shots}/speaker-page.png")
        page.goto(base + "/trace?q=behind+closed+doors")
        report["search"] = {"claims": page.eval_on_selector_all(
            "section[aria-label=Claims] li a[href^='/claim/']", "as => as.map(a => a.getAttribute('href'))")}
        page.goto(base + "/trace?q=Peskow")
        report["search"]["did_you_mean"] = page.inner_text("section[aria-label=Speakers]")

        # A phone's width, in the dark.
        phone = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
        small = phone.new_page()
        watch(small, base, seen)
        small.goto(base + claim_path)
        small.wait_for_selector("g.node.article")
        small.click("g.node.article.first")
        box = small.locator("#panel").bounding_box()
        report["phone"] = {
            "page_width": small.evaluate("() => document.documentElement.scrollWidth"),
            "panel_bottom": box["y"] + box["height"],
            "background": small.evaluate("() => getComputedStyle(document.body).backgroundColor"),
        }
        small.keyboard.press("Escape")
        if shots != "-":
            small.screenshot(path=f"{shots}/claim-page-phone.png")
        report["served_errors"] = seen["errors"]
        report["served_outside"] = seen["outside"]

        # The standalone file, from disk, the network off.
        offline = {"errors": [], "outside": []}
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True,
                                      offline=True)
        page = context.new_page()
        watch(page, None, offline)
        page.goto("file://" + standalone)
        report["standalone"] = claim_page(page, offline, False)
        report["standalone_errors"] = offline["errors"]
        report["standalone_outside"] = offline["outside"]
        browser.close()
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
