// Runs suite/index.js inside code-server's extension host, as @vscode/test-electron would with
// extensionTestsPath: the workbench gets the test paths through its `payload` URL parameter (honoured
// only with --vscode-option enable-smoke-test-driver) and reports the host's exit code by calling
// window.codeAutomationExit.
// usage: node ext_tests.js BASE_URL WORKSPACE SUITE_DIR WORK_DIR
const fs = require('fs');
const path = require('path');
const { launch, logConsole, writeCounts } = require('./browser');

const [base, workspace, suiteDir, work] = process.argv.slice(2);
const TIMEOUT_MS = 200000;

(async () => {
  const t0 = Date.now();
  const remote = (p) => `vscode-remote://${new URL(base).host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(suiteDir)],
    ['extensionTestsPath', remote(path.join(suiteDir, 'index.js'))],
  ];
  const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await launch();
  const page = await browser.newPage();
  logConsole(page, path.join(work, 'extension-host-console.log'));
  let exited;
  const exitCode = new Promise((resolve) => { exited = resolve; });
  await page.exposeFunction('codeAutomationExit', (code) => exited(code));
  await page.goto(url);
  const code = await Promise.race([exitCode, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
  await browser.close();

  let results = [];
  try { results = JSON.parse(fs.readFileSync(path.join(work, 'suite-results.json'), 'utf8')); } catch { /* none written */ }
  for (const r of results) {
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} - ${r.name} (${r.ms} ms)`);
    if (!r.ok) console.log(r.error.replace(/^/gm, '       '));
  }
  let passed = results.filter((r) => r.ok).length;
  let failed = results.length - passed;
  // A host that died, or hung, before or after its tests is a failure of its own.
  if (code !== 0 && failed === 0) {
    console.log(`FAIL - extension host exit code ${code}${results.length ? '' : ' before any test ran'}`);
    failed += 1;
  }
  // Worded unlike the closing line, which run.sh prints for both suites together.
  console.log(`extension host: ${passed} of ${passed + failed} tests passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  writeCounts(path.join(work, 'extension-host.counts'), passed, failed);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
