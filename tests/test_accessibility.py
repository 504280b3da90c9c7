"""Accessibility (Section 508, WCAG 2.1 AA): axe-core on every page at two widths and in both
colour schemes, the keyboard (skip link, visible focus, every control reached, the small-screen
menu), page titles and text alternatives."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from axe_playwright_python.base import AxeResults

from browser import chromium, new_context, served_site  # noqa: F401  (pytest fixtures)
from builtsite import page_file, site_pages
from conftest import ROOT

import settings

WIDTHS = (1280, 375)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Of the WCAG 2.1 A/AA rules only these depend on colours, so only these run again in the dark
# scheme: the structure they would check is the same page already checked in the light one.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# No rule is disabled. A rule switched off here must say why, next to it.
DISABLED_RULES: dict[str, str] = {}

FULL_RUN = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
            "rules": {rule: {"enabled": False} for rule in DISABLED_RULES}}
COLOUR_RUN = {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}

# Faults planted in one page, to prove the harness reports what it should.
PLANT_FAULTS = """() => {
  const img = document.createElement('img'); img.src = '../assets/logo.svg';
  const faint = document.createElement('p'); faint.textContent = 'Faint text';
  faint.className = 'cst-planted-faint'; faint.style.color = '#d0d0d0';
  document.querySelector('article').append(img, faint);
}"""


def start_axe(page, options: dict) -> None:
    """Start axe in the page without waiting, so two tabs run side by side on two cores."""
    page.evaluate("options => { window.__axe = axe.run(document, options); }", options)


def axe_violations(page) -> list[dict]:
    return page.evaluate("() => window.__axe.then(results => results.violations)")


# Running CSS transitions, ended. Only those in what is rendered: a transition inside the closed
# drawer (skipped by rendering, content-visibility) ends only when the drawer opens.
TRANSITIONS_ENDED = """Promise.all(document.getAnimations()
  .filter(a => a.effect?.target?.checkVisibility() !== false).map(a => a.finished.catch(() => null)))"""


def settle(page) -> None:
    """Wait for running CSS transitions (the palette fades its colours)."""
    page.evaluate(f"() => {TRANSITIONS_ENDED}")


@pytest.fixture(scope="module")
def axe_results(chromium, served_site) -> dict:
    """{(scheme, width): {page: violations}} for every page, plus {"planted": violations}."""
    source = Axe().axe_script
    tabs = {}
    for width in WIDTHS:
        context = new_context(chromium, allowed=(served_site.origin,), block=False,
                              viewport={"width": width, "height": 900}, color_scheme="light")
        tabs[width] = context.new_page()
    results = {(scheme, width): {} for scheme in ("light", "dark") for width in WIDTHS}
    for rel in served_site.pages:
        for tab in tabs.values():
            tab.emulate_media(color_scheme="light")
            tab.goto(served_site.url(rel), wait_until="load")
            tab.evaluate(source)
            settle(tab)
            start_axe(tab, FULL_RUN)
        for width, tab in tabs.items():
            results["light", width][rel] = axe_violations(tab)
        for tab in tabs.values():
            tab.emulate_media(color_scheme="dark")
            # Material follows the system scheme by default ("auto" palette).
            try:
                tab.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
            except Exception as error:
                raise AssertionError(f"{rel or 'home'}: the page did not switch to the dark scheme: "
                                     f"{tab.evaluate('() => [location.href, document.body.dataset.mdColorScheme]')}") from error
            settle(tab)
            start_axe(tab, COLOUR_RUN)
        for width, tab in tabs.items():
            results["dark", width][rel] = axe_violations(tab)
    tab = tabs[WIDTHS[0]]
    tab.emulate_media(color_scheme="light")
    tab.goto(served_site.url("guide/"), wait_until="load")
    tab.evaluate(source)
    tab.evaluate(PLANT_FAULTS)
    start_axe(tab, FULL_RUN)
    results["planted"] = axe_violations(tab)
    for tab in tabs.values():
        tab.context.close()
    return results


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations(axe_results, served_site, scheme, width):
    found = axe_results[scheme, width]
    assert list(found) == served_site.pages, "every page is checked"
    failing = {page: violations for page, violations in found.items() if violations}
    report = "\n".join(f"--- {page or 'home'} ({scheme}, {width} px)\n"
                       + AxeResults({"violations": violations}).generate_report()
                       for page, violations in failing.items())
    assert not failing, f"axe found WCAG 2.1 A/AA violations on {len(failing)} pages:\n{report}"


def test_axe_reports_planted_faults(axe_results):
    found = {v["id"]: [n["html"] for n in v["nodes"]] for v in axe_results["planted"]}
    assert "image-alt" in found and "color-contrast" in found, found
    assert any("cst-planted-faint" in node for node in found["color-contrast"]), found


# --- keyboard --------------------------------------------------------------------------------

# What the keyboard can reach on a page as a person sees it: controls that are rendered,
# visible and enabled. The palette's radios are visually hidden; their label shows the focus.
CONTROLS = """() => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], label.md-header__button')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility === 'visible'
    && !el.disabled && el.tabIndex >= 0 && !el.closest('[hidden], [inert]')
    && !(el.matches('input.md-option') || (el.htmlFor && document.getElementById(el.htmlFor)?.matches('.md-option'))))
  .map((el, i) => { el.dataset.kbd = i; return i; })"""

# The focused element, once its transitions are over: is it visible, on top, with a focus ring?
FOCUSED = """async () => {
  await """ + TRANSITIONS_ENDED + """;
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = el.matches('input.md-option') ? el.nextElementSibling : el;
  const name = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\\s+/)[0] : ''}`
    + ` "${(el.innerText || el.getAttribute('aria-label') || el.getAttribute('href') || '').trim().slice(0, 40)}"`;
  const style = getComputedStyle(shown);
  const r = shown.getBoundingClientRect();
  let opacity = 1;
  for (let n = shown; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const top = inView ? document.elementFromPoint(x, y) : null;
  const onTop = !!top && (shown.contains(top) || top.contains(shown));
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const problems = [];
  if (!inView) problems.push('off screen');
  if (style.visibility !== 'visible' || opacity < 0.5) problems.push('hidden');
  if (inView && !onTop) problems.push(`covered by ${top ? top.tagName.toLowerCase() + '.' + top.className : 'nothing'}`);
  if (!ring) problems.push('no focus ring');
  return {name, kbd: el.dataset.kbd ?? null, skip: el.classList.contains('md-skip'),
          inDrawer: !!el.closest('.md-sidebar--primary'), problems};
}"""

KEYBOARD_PAGES = ["", "guide/scope/", "tips/train-your-officers/", "print-kit/"]


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus comes round to the skip link again."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if focused["skip"] and seen:
            return seen
        seen.append(focused)
    pytest.fail(f"focus did not come round in {limit} presses of Tab")


@pytest.fixture(scope="module")
def keyboard(chromium, served_site):
    contexts = {width: new_context(chromium, allowed=(served_site.origin,), block=False,
                                   viewport={"width": width, "height": 800}) for width in WIDTHS}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rel", KEYBOARD_PAGES)
def test_tab_reaches_every_control_with_visible_focus(keyboard, served_site, rel, width):
    page = keyboard[width].new_page()
    page.goto(served_site.url(rel))
    controls = set(page.evaluate(CONTROLS))
    stops = tab_through(page)
    invisible = [f"{stop['name']}: {', '.join(stop['problems'])}" for stop in stops if stop["problems"]]
    assert not invisible, f"focus not visible at {width} px:\n" + "\n".join(invisible)
    missed = controls - {int(stop["kbd"]) for stop in stops if stop["kbd"] is not None}
    names = page.evaluate("ids => ids.map(i => document.querySelector(`[data-kbd='${i}']`).outerHTML.slice(0, 120))",
                          sorted(missed))
    assert not missed, f"controls the keyboard never reaches at {width} px:\n" + "\n".join(names)
    assert stops[0]["name"].startswith("a.md-skip"), "the skip link comes first"
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_shows_on_focus_and_moves_to_the_content(keyboard, served_site, width):
    page = keyboard[width].new_page()
    page.goto(served_site.url("guide/scope/"))
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["skip"] and not first["problems"], first
    target = page.get_attribute("a.md-skip", "href")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target
    heading_top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target[1:])
    assert 0 <= heading_top < 200, "the page scrolled to the heading"
    page.keyboard.press("Tab")
    after = page.evaluate("""id => !!(document.getElementById(id).compareDocumentPosition(document.activeElement)
                                     & Node.DOCUMENT_POSITION_FOLLOWING)""", target[1:])
    assert after, "the next Tab goes on from the content, not from the header"
    page.close()


def test_every_page_but_404_has_a_skip_link_to_its_heading(site):
    for rel in site_pages(site):
        path = site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        raw = path.read_text(encoding="utf-8")
        skip = re.search(r'<a href="#([^"]+)" class="md-skip">', raw)
        if rel.endswith("404.html"):  # each edition's
            continue  # no heading to skip to, and nothing before the one line of text but the header
        assert skip, f"{rel or 'home'} has no skip link"
        assert re.search(rf'<h1 id="{re.escape(skip.group(1))}"', raw), f"{rel}: skip link goes to no heading"


def test_small_screen_menu_works_by_keyboard(keyboard, served_site):
    page = keyboard[375].new_page()
    page.goto(served_site.url("guide/scope/"))
    # Closed, the drawer (about half of the elements on a page) is skipped by style and layout.
    drawer = "getComputedStyle(document.querySelector('.md-sidebar--primary')).contentVisibility"
    assert page.evaluate(drawer) == "hidden"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["name"] == 'label.md-header__button "Navigation menu"'
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate(drawer) == "visible"

    def drawer_stops() -> list[dict]:
        stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused and focused["inDrawer"]:
                stops.append(focused)
            elif stops:
                return stops
        return stops

    # The open panel is the current section: its title (a "back" button) and its pages.
    section = drawer_stops()
    assert [s["name"] for s in section][:2] == ['label.md-nav__title "The guide"', 'a.md-nav__link "Introduction"']
    assert not [s for s in section if s["problems"]], section
    # Back to the top panel: every section of the site, each visible as it takes focus.
    page.focus("label.md-nav__title[for='__nav_2']")
    page.keyboard.press("Enter")
    for _ in range(20):  # back out to the control before the drawer, then walk it forwards
        page.keyboard.press("Shift+Tab")
        if not (page.evaluate(FOCUSED) or {}).get("inDrawer"):
            break
    top = drawer_stops()
    names = [s["name"] for s in top]
    assert 'a.md-nav__link "Home"' in names and 'a.md-nav__link "Tips for leaders"' in names, names
    assert not [s for s in top if s["problems"]], top
    page.close()


# --- titles and text alternatives --------------------------------------------------------------

def page_paths(site: Path) -> list[Path]:
    return [page_file(site, rel) for rel in site_pages(site)]


def test_every_title_names_its_page_then_the_site(site):
    """Then its edition's name: the Spanish pages (es/) end with the Spanish site name."""
    names = {lang: settings.mkdocs_config(ROOT / config)["site_name"]
             for lang, config in (("en", "mkdocs.yml"), ("es", "mkdocs-es.yml"))}
    for path in page_paths(site):
        suffix = " - " + names["es" if path.relative_to(site).parts[0] == "es" else "en"]
        title = html.unescape(re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)[1]).strip()
        assert title.endswith(suffix), f"{path}: {title!r}"
        own = title[: -len(suffix)].strip()
        assert len(own) > 3 and own.lower() not in {"home", "index", "untitled", "404", "page"}, f"{path}: {title!r}"


def test_every_image_has_a_text_alternative(site):
    for path in page_paths(site):
        raw = path.read_text(encoding="utf-8")
        for img in re.findall(r"<img\b[^>]*>", raw):
            alt = re.search(r'\balt="([^"]*)"', img)
            assert alt, f"{path}: {img} has no alt"
            if not alt.group(1):  # decorative: only inside a link that has a name of its own
                assert re.search(r'<a [^>]*aria-label="[^"]+"[^>]*>\s*' + re.escape(img), raw), f"{path}: {img}"
        for svg in re.findall(r"<svg\b[^>]*>(?:\s*<title\b)?", raw):
            assert re.search(r'aria-hidden="true"|aria-label=|aria-labelledby=|<title', svg), f"{path}: {svg}"


def test_checklist_boxes_are_labelled_by_their_text(site):
    raw = (site / "tips/train-your-officers/index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<input type="checkbox" disabled', raw)
    labelled = re.findall(r'<label class="task-list-label"><input type="checkbox" disabled(?: checked)?/?>\s*\w', raw)
    assert boxes and len(labelled) == len(boxes)
