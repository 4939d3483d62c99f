"""Drives the real pages of `geocheck serve` in headless Chromium (Selenium + chromedriver).

usage: browser_platform.py BASE_URL GEOCHECK_BINARY RIGHT_FILE DOWNLOAD_DIR [SCREENSHOT_DIR]
Users: admin / admin-pass-1 (hq), gx / gx-pass-123 (unit 广西分公司). Prints one line per step
and exits non-zero on the first failure.
"""
import json
import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, binary, right_file, downloads = sys.argv[1:5]
shots = sys.argv[5] if len(sys.argv) > 5 else None


def browser():
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--lang=zh-CN"]:
        options.add_argument(arg)
    options.binary_location = next(p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(p))
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False, "intl.accept_languages": "zh-CN,zh"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shot(driver, name):
    if shots:
        driver.save_screenshot(os.path.join(shots, name))


def history_text(driver):
    try:
        return driver.find_element(By.ID, "history").text
    except Exception:  # the page is being replaced
        return ""


def login(driver, user, password):
    driver.get(base + "/login")
    driver.find_element(By.ID, "user").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-button").click()
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "card-mines")))


driver = browser()
wait = WebDriverWait(driver, 30)
try:
    driver.get(base + "/login")
    shot(driver, "platform-login.png")
    driver.find_element(By.ID, "user").send_keys("admin")
    driver.find_element(By.ID, "password").send_keys("wrong-password")
    driver.find_element(By.ID, "login-button").click()
    # The form posts and the page is replaced: wait for the answer, do not look at the old page.
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "error")), "a wrong password shows an error")
    print("ok: wrong password refused")

    login(driver, "admin", "admin-pass-1")
    assert "总览" in driver.page_source, "Chinese by default"
    shot(driver, "platform-dashboard.png")
    print("ok: logged in, dashboard shown")

    driver.get(base + "/screen")
    driver.find_element(By.ID, "file").send_keys(right_file)
    driver.find_element(By.ID, "screen-button").click()
    wait.until(EC.presence_of_element_located((By.ID, "result")))
    verdict = driver.find_element(By.CSS_SELECTOR, "#rights td.verdict").text
    assert verdict == "禁止", verdict
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-overlaps") not in (None, ""))
    overlaps = int(driver.find_element(By.ID, "map").get_attribute("data-overlaps"))
    drawn = len(driver.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive"))
    assert overlaps == 3 and drawn >= 5, (overlaps, drawn)
    rows = driver.find_elements(By.CSS_SELECTOR, "#overlaps tr")
    assert len(rows) == 4, len(rows)
    for link in ["dl-xlsx", "dl-report"]:
        href = driver.find_element(By.ID, link).get_attribute("href")
        status, size = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, b.byteLength])));", href)
        assert status == 200 and size > 1000, (link, status, size)
    print("ok: XLSX and report.html downloads")
    driver.execute_script("document.getElementById('map').scrollIntoView()")
    time.sleep(0.5)
    shot(driver, "platform-screen.png")
    print(f"ok: verdict {verdict}, map with {overlaps} overlaps ({drawn} shapes drawn)")

    driver.find_element(By.ID, "dl-retained").click()
    target = os.path.join(downloads, "retained.txt")
    for _ in range(100):
        if os.path.exists(target) and not os.path.exists(target + ".crdownload"):
            break
        time.sleep(0.1)
    coords = json.loads(subprocess.run([binary, "coords", target, "--json"], check=True, capture_output=True).stdout)
    area = coords["blocks"][0]["area_m2"]
    print(f"ok: retained corner file re-read by geocheck coords: {area:.2f} m2")
    print(f"retained_area_m2={area}")

    driver.get(base + "/mines")
    driver.find_element(By.LINK_TEXT, "C4500002009121120043187").click()
    wait.until(EC.presence_of_element_located((By.ID, "check-form")))
    assert "C4500002009121120043187" in driver.page_source
    samples = os.path.dirname(os.path.dirname(os.path.abspath(right_file)))
    for name, day in [("footprint_2020-04.gpkg", "2020-04-30"), ("footprint_2020-05.gpkg", "2020-05-31")]:
        form = driver.find_element(By.ID, "check-form")
        form.find_element(By.NAME, "footprint").send_keys(os.path.join(samples, "boundary", name))
        form.find_element(By.NAME, "date").send_keys(day)
        form.find_element(By.TAG_NAME, "button").click()
        wait.until(lambda d: day in history_text(d))
    rows = driver.find_elements(By.CSS_SELECTOR, "#history tr")
    assert len(rows) == 3, len(rows)
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-footprints") not in (None, ""))
    mine_map = driver.find_element(By.ID, "map")
    licences, footprints, outsides = (int(mine_map.get_attribute("data-" + k)) for k in ("licences", "footprints", "outsides"))
    drawn = len(driver.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive"))
    assert licences == 2 and footprints == 2 and outsides >= 2, (licences, footprints, outsides)  # a licence of two blocks
    assert drawn >= licences + footprints + outsides, (drawn, licences, footprints, outsides)
    reds = driver.execute_script(
        "return Array.from(document.querySelectorAll('#map path.leaflet-interactive'))"
        ".filter(p => p.getAttribute('fill') === '#b00020').length")
    assert reds == outsides, (reds, outsides)
    print(f"ok: mine map draws the licence ({licences} blocks), {footprints} footprints and {outsides} outside parts in red ({drawn} shapes)")
    external = driver.execute_script(
        "return Array.from(document.querySelectorAll('[src],[href]')).map(e => e.src || e.href)"
        ".filter(u => u && !u.startsWith(location.origin) && !u.startsWith('data:') && !u.startsWith('javascript:'))")
    assert not external, external
    print("ok: no external address in the mine page")
    print("ok: two checks recorded from the mine page: " + driver.find_element(By.ID, "history").text.replace("\n", " | "))
    shot(driver, "platform-mine.png")
    driver.get(base + "/mines")
    shot(driver, "platform-mines.png")
    driver.get(base + "/reclaim?as_of=2020-09-30")
    shot(driver, "platform-reclaim.png")
    driver.get(base + "/forest?date=2020-06-30&lang=en")
    assert "Forest land" in driver.page_source, "English with ?lang=en"
    shot(driver, "platform-forest-en.png")
    driver.get(base + "/")
    shot(driver, "platform-dashboard.png")
    print("ok: mines, mine, reclaim, forest pages")
    driver.delete_all_cookies()

    login(driver, "gx", "gx-pass-123")
    driver.get(base + "/mines/C4500002010111120071263")
    assert "C4500002010111120071263" not in driver.find_element(By.TAG_NAME, "h1").text, "another unit's mine is hidden"
    assert driver.find_elements(By.ID, "error"), "another unit's mine shows not found"
    driver.get(base + "/mines")
    ids = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#mines a")]
    assert "C4500002010111120071263" not in ids and "C4500002009121120043187" in ids, ids
    print("ok: a unit user cannot open another unit's mine")
    print("browser: all steps passed")
finally:
    driver.quit()
