// Drives the code-server workbench as a person would: opens soc.py, waits for the squiggles, the
// inlay hints and the status bar item, opens Problems, hovers the URL, and runs Explain a Token
// from the command palette. Saves the screenshots the extension's README shows.
// The screenshots are taken into WORK_DIR and copied to SCREENSHOT_DIR only when every check
// passed, so a broken run never replaces the README's pictures.
// usage: node ui_test.js BASE_URL WORKSPACE SCREENSHOT_DIR WORK_DIR
const fs = require('fs');
const path = require('path');
const { launch, logConsole, writeCounts } = require('./browser');

const [base, workspace, shots, work] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function check(ok, name, detail) {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} - ${name} (${elapsed()})${!ok && detail ? `: ${detail}` : ''}`);
  return ok;
}

const found = (promise) => promise.then(() => true, () => false);

// The Markdown preview is a webview: its text lives in a frame nested in the page, drawn a while
// after the tab opens.
async function previewShows(page, pattern, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
      const text = await frame.evaluate(() => (document.body ? document.body.innerText : '')).catch(() => '');
      if (pattern.test(text)) return true;
    }
    await page.waitForTimeout(200);
  }
  return false;
}

(async () => {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  logConsole(page, path.join(work, 'ui-console.log'));
  try {
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    // The explorer lists the workspace once the workbench and the remote extension host are up.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });

    await page.click('.monaco-workbench .part.editor');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('soc.py');
    await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20000 });
    // Wider editor: the request line is long.
    await page.keyboard.press('Control+B');

    check(await found(page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30000 })),
      'missing-permission shows as an error squiggle');
    check(await found(page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 10000 })),
      'hardcoded-token shows as a warning squiggle');
    const hintShown = await found(page.waitForFunction(
      () => document.querySelector('.monaco-editor .view-lines').textContent.includes('SecurityAlert.Read.All'),
      null, { timeout: 15000 }));
    check(hintShown, 'inlay hint with SecurityAlert.Read.All is drawn in the line');
    check(await found(page.waitForSelector('.statusbar-item [aria-label="claimcheck server running"]', { timeout: 5000 })),
      'the status bar item says the server is running');

    await page.keyboard.press('Control+Shift+M');
    check(await found(page.waitForSelector('.markers-panel .monaco-list-row :text("SecurityAlert.Read.All")', { timeout: 10000 })),
      'Problems lists the missing-permission message');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(work, 'vscode-diagnostics.png') });

    // Close Problems so that the hover has the editor's full height.
    await page.keyboard.press('Control+J');
    // Monaco splits a line into many spans (tokens, links, hints): find the host name's text itself.
    const box = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('.monaco-editor .view-lines'), NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent.indexOf('graph.microsoft.com');
        if (at >= 0 && n.parentElement.closest('.view-line').textContent.includes('alerts_v2')) {
          const r = document.createRange();
          r.setStart(n, at);
          r.setEnd(n, at + 'graph.microsoft.com'.length);
          const { x, y, width, height } = r.getBoundingClientRect();
          return { x, y, width, height };
        }
      }
      return null;
    });
    if (!box) throw new Error('the alerts_v2 URL is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: 'SecurityAlert.Read.All' }).first();
    const hovered = await found(hover.waitFor({ timeout: 15000 }));
    const hoverText = hovered ? await hover.innerText() : '';
    check(hovered && /\bGET\b/.test(hoverText), 'hovering the URL shows the method and SecurityAlert.Read.All', hoverText.slice(0, 300));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(work, 'vscode-hover.png'), clip: { x: 0, y: 0, width: 1440, height: 420 } });

    await page.mouse.move(5, 300);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('claimcheck: Explain a Token');
    await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Explain a Token")', { timeout: 10000 });
    await page.keyboard.press('Enter');
    const masked = await found(page.waitForSelector('.quick-input-widget input[type="password"]', { timeout: 10000 }));
    check(masked, 'Explain a Token asks for the token in a masked input box');
    const token = fs.readFileSync(path.join(workspace, 'soc.py'), 'utf8').match(/TOKEN = "([^"]+)"/)[1];
    await page.keyboard.insertText(token);
    await page.keyboard.press('Enter');
    check(await found(page.waitForSelector('.tabs-container .tab:has-text("token-1.md")', { timeout: 15000 })),
      'Explain a Token opens the explanation in a preview tab');
    check(await previewShows(page, /delegated[\s\S]*Mail\.Read/), 'the preview renders the explanation: delegated, with its scp');
    await page.screenshot({ path: path.join(work, 'vscode-explain.png') });
  } catch (e) {
    check(false, 'the UI test ran to its end', e.message);
    await page.screenshot({ path: path.join(work, 'ui-failure.png') }).catch(() => {});
  }
  await browser.close();
  if (!failed) {
    fs.mkdirSync(shots, { recursive: true });
    for (const png of ['vscode-diagnostics.png', 'vscode-hover.png', 'vscode-explain.png']) fs.copyFileSync(path.join(work, png), path.join(shots, png));
  }
  // Worded unlike the closing line, which run.sh prints for both suites together.
  console.log(`ui: ${passed} of ${passed + failed} checks passed in ${elapsed()}`);
  writeCounts(path.join(work, 'ui.counts'), passed, failed);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
