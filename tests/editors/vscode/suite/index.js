// Extension-host suite: VS Code loads this as extensionTestsPath, in the same extension host as the
// installed claimcheck VSIX, and exits with a non-zero code when run() rejects. The results so far
// are also written to $CLAIMCHECK_SUITE_RESULTS after each test, so that ext_tests.js can report
// test by test even when the host hangs.
// What is asserted about the server is what tests/editors/SERVER-CONTRACT.md promises, no more.
const assert = require('assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');

const { Range, DiagnosticSeverity } = vscode;
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
// Every later test needs a running server: when this one fails, they fail at once instead of
// each waiting out its timeouts.
const gate = (name, fn) => tests.push({ name, fn, gate: true });

exports.run = async function run() {
  const out = process.env.CLAIMCHECK_SUITE_RESULTS;
  const results = [];
  let blocked;
  for (const { name, fn, gate: isGate } of tests) {
    const t0 = Date.now();
    if (blocked) {
      results.push({ name, ok: false, ms: 0, error: `not run: "${blocked}" failed` });
    } else {
      try {
        await withTimeout(fn(), 45000);
        results.push({ name, ok: true, ms: Date.now() - t0 });
      } catch (e) {
        results.push({ name, ok: false, ms: Date.now() - t0, error: String(e && e.stack || e) });
        if (isGate) blocked = name;
      }
    }
    if (out) fs.writeFileSync(out, JSON.stringify(results, null, 1));
  }
  const failed = results.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} of ${results.length} tests failed`);
};

// ---- helpers -------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(p, ms) {
  let timer;
  return Promise.race([p, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

// Polls until check() returns a truthy value. On timeout the error says what was seen last:
// seen() when given, else check()'s last value or exception.
async function waitFor(what, check, { ms = 20000, seen } = {}) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      const detail = seen ? seen() : last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`waited ${ms} ms for ${what}; last seen: ${detail}`);
    }
    await sleep(50);
  }
}

const workspaceFile = (name) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, name);

async function open(name) {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

const ruleOf = (d) => (typeof d.code === 'object' ? d.code.value : d.code);
const claimcheckDiagnostics = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'claimcheck');
const describe = (ds) => ds.map((d) => `${ruleOf(d)}@${d.range.start.line}:${d.range.start.character}`).join(' ');
const waitForDiagnostics = (uri, what, check) => waitFor(what, () => {
  const ds = claimcheckDiagnostics(uri);
  return check(ds) && ds;
}, { seen: () => describe(claimcheckDiagnostics(uri)) || 'no diagnostics' });

// The fixture soc.py as SERVER-CONTRACT.md gives it: line 1 holds the token, line 2 the
// alerts_v2 URL, line 3 the deprecated alerts URL (0-based).
const SOC_FINDINGS = ['hardcoded-token@1', 'missing-permission@2', 'deprecated-endpoint@3', 'missing-permission@3'];
const hasSocFindings = (ds) => SOC_FINDINGS.every((f) => ds.some((d) => `${ruleOf(d)}@${d.range.start.line}` === f));

function fixture(doc) {
  const token = /TOKEN = "([^"]+)"/.exec(doc.lineAt(1).text)[1];
  const tokenStart = doc.lineAt(1).text.indexOf(token);
  const url = (line, tail) => {
    const text = doc.lineAt(line).text;
    const start = text.indexOf('https://');
    return new Range(line, start, line, text.indexOf(tail, start) + tail.length);
  };
  return {
    token,
    tokenRange: new Range(1, tokenStart, 1, tokenStart + token.length),
    alertsV2: url(2, '/security/alerts_v2'),
    alerts: url(3, '/security/alerts'),
  };
}

async function hoverText(uri, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

const hintLabel = (h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
const inlayHints = (doc) => vscode.commands.executeCommand('vscode.executeInlayHintProvider', doc.uri,
  new Range(0, 0, doc.lineCount, 0));

async function quickFixes(uri, range) {
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range,
    vscode.CodeActionKind.QuickFix.value, 50);
  return actions.filter((a) => a.title);
}

async function apply(action) {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}" not applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments || []));
}

async function extension() {
  const ext = vscode.extensions.getExtension('claimcheck.claimcheck');
  assert.ok(ext, 'claimcheck.claimcheck is not installed');
  return ext.activate();
}

const settings = () => vscode.workspace.getConfiguration('claimcheck');
const setSetting = (key, value) => settings().update(key, value, vscode.ConfigurationTarget.Global);

async function restartAndWait(api, state) {
  await vscode.commands.executeCommand('claimcheck.restart');
  await waitFor(`server state ${state}`, () => api.state === state);
}

async function closeAllEditors() {
  await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => {});
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

// ---- the extension itself ----------------------------------------------------------------

gate('the extension activates and starts the bundled server', async () => {
  const api = await extension();
  await waitFor('server state running', () => api.state === 'running',
    { ms: 30000, seen: () => `state ${api.state}, binary ${api.serverPath}` });
  assert.match(api.serverPath, /[\\/]server[\\/]claimcheck(\.exe)?$/);
});

test('the workspace: a call is checked against the app registration in another file, and the permissions report opens', async () => {
  const doc = await open('collector.py');
  const ds = await waitForDiagnostics(doc.uri, 'missing-permission from graph-app.tf',
    (ds) => ds.some((d) => ruleOf(d) === 'missing-permission' && d.range.start.line === 3));
  const d = ds.find((x) => ruleOf(x) === 'missing-permission');
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(d.message, /ThreatHunting\.Read\.All as an Application permission/);
  assert.ok(d.relatedInformation && d.relatedInformation.length === 1, 'relatedInformation points at the declaration');
  assert.match(d.relatedInformation[0].location.uri.path, /\/graph-app\.tf$/);
  assert.equal(d.relatedInformation[0].location.range.start.line, 9);
  const md = await vscode.commands.executeCommand('claimcheck.permissions');
  assert.match(md, /### app \. \(root \.\)/);
  assert.match(md, /application: ThreatHunting\.Read\.All/);
  await closeAllEditors();
});

test('.http and .rest files are language "http", .env files "dotenv"', async () => {
  assert.equal((await open('requests.http')).languageId, 'http');
  assert.equal((await open('incidents.rest')).languageId, 'http');
  assert.equal((await open('.env')).languageId, 'dotenv');
  await closeAllEditors();
});

// ---- what the server answers, through the client --------------------------------------------

test('soc.py: hardcoded-token is a warning on the token\'s three segments', async () => {
  const doc = await open('soc.py');
  const ds = await waitForDiagnostics(doc.uri, 'the four soc.py findings', hasSocFindings);
  const d = ds.find((x) => ruleOf(x) === 'hardcoded-token');
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(d.range, fixture(doc).tokenRange);
});

test('soc.py: missing-permission is an error on the alerts_v2 URL naming SecurityAlert.Read.All', async () => {
  const doc = await open('soc.py');
  const ds = await waitForDiagnostics(doc.uri, 'the four soc.py findings', hasSocFindings);
  const d = ds.find((x) => ruleOf(x) === 'missing-permission' && x.range.start.line === 2);
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.deepEqual(d.range, fixture(doc).alertsV2);
  assert.match(d.message, /SecurityAlert\.Read\.All/);
});

test('soc.py: the deprecated alerts URL has deprecated-endpoint (warning) and missing-permission', async () => {
  const doc = await open('soc.py');
  const ds = await waitForDiagnostics(doc.uri, 'the four soc.py findings', hasSocFindings);
  const line3 = ds.filter((d) => d.range.start.line === 3);
  assert.equal(line3.find((d) => ruleOf(d) === 'deprecated-endpoint').severity, DiagnosticSeverity.Warning);
  assert.ok(line3.some((d) => ruleOf(d) === 'missing-permission'), describe(line3));
});

test('every diagnostic links to its rule page', async () => {
  const doc = await open('soc.py');
  const ds = await waitForDiagnostics(doc.uri, 'the four soc.py findings', hasSocFindings);
  for (const d of ds) {
    assert.equal(typeof d.code, 'object', `${ruleOf(d)} has no codeDescription`);
    const href = d.code.target.toString(true);
    assert.match(href, /^https?:\/\//);
    assert.ok(href.endsWith(`docs/rules/${ruleOf(d)}.md`), href);
  }
});

test('hover on the URL names the method and SecurityAlert.Read.All', async () => {
  const doc = await open('soc.py');
  const { alertsV2 } = fixture(doc);
  const text = await hoverText(doc.uri, alertsV2.start.translate(0, 30));
  assert.match(text, /SecurityAlert\.Read\.All/);
  assert.match(text, /\bGET\b/);
});

test('hover on the token says delegated and signature not verified', async () => {
  const doc = await open('soc.py');
  const text = await hoverText(doc.uri, fixture(doc).tokenRange.start.translate(0, 5));
  assert.match(text, /delegated/i);
  assert.match(text, /signature not verified/i);
});

test('inlay hints: ✗ SecurityAlert.Read.All after the URL, delegated after the token', async () => {
  const doc = await open('soc.py');
  const { alertsV2, alerts, tokenRange } = fixture(doc);
  const hints = await waitFor('inlay hints', async () => { const h = await inlayHints(doc); return h.length ? h : false; });
  const after = (range) => hints.filter((h) => h.position.line === range.end.line && h.position.character >= range.end.character);
  const urlHint = after(alertsV2).map(hintLabel).join(' | ');
  assert.match(urlHint, /SecurityAlert\.Read\.All/);
  assert.match(urlHint, /✗/);
  assert.ok(after(alerts).length > 0, 'no hint after the alerts URL');
  assert.match(after(tokenRange).map(hintLabel).join(' | '), /delegated/);
});

test('quick fix: claimcheck:ignore[hardcoded-token] appended as a Python comment', async () => {
  const doc = await open('fix.py');
  const ds = await waitForDiagnostics(doc.uri, 'the fix.py findings', hasSocFindings);
  const original = doc.lineAt(1).text;
  const d = ds.find((x) => ruleOf(x) === 'hardcoded-token');
  const fixes = (await quickFixes(doc.uri, d.range)).filter((a) => a.title.includes('claimcheck:ignore'));
  assert.ok(fixes.length, 'no claimcheck:ignore quick fix');
  const fix = fixes.find((a) => a.title.includes('hardcoded-token')) || fixes[0];
  await apply(fix);
  assert.equal(doc.lineAt(1).text, `${original} # claimcheck:ignore[hardcoded-token]`);
});

test('quick fix: "Replace with /security/alerts_v2" rewrites the deprecated path', async () => {
  const doc = await open('fix.py');
  const { alerts } = fixture(doc);
  const fixes = await quickFixes(doc.uri, alerts);
  const fix = fixes.find((a) => a.title === 'Replace with /security/alerts_v2');
  assert.ok(fix, `titles: ${fixes.map((a) => a.title).join(' | ')}`);
  await apply(fix);
  assert.equal(doc.lineAt(3).text, 'old = requests.get("https://graph.microsoft.com/v1.0/security/alerts_v2")');
  await closeAllEditors();
});

test('untitled documents are checked too', async () => {
  const soc = await vscode.workspace.openTextDocument(workspaceFile('soc.py'));
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content: soc.getText() });
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.uri.scheme, 'untitled');
  await waitForDiagnostics(doc.uri, 'hardcoded-token in the untitled document',
    (ds) => ds.some((d) => ruleOf(d) === 'hardcoded-token'));
  await closeAllEditors();
});

test('Explain a Token returns the server\'s markdown and shows it in a read-only document', async () => {
  const { token } = fixture(await vscode.workspace.openTextDocument(workspaceFile('soc.py')));
  const markdown = await vscode.commands.executeCommand('claimcheck.explain', token);
  assert.equal(typeof markdown, 'string');
  assert.match(markdown, /delegated/i);
  assert.match(markdown, /User\.Read/);
  assert.match(markdown, /Mail\.Read/);
  const shown = await waitFor('the explanation document', () =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'claimcheck-explain' && d.getText() === markdown));
  const [, payload, signature] = token.split('.');
  assert.ok(!shown.uri.toString().includes(payload) && !shown.uri.toString().includes(signature), 'the token is in the URI');
  await closeAllEditors();
});

// ---- settings: pushed to the running server, or a restart ------------------------------------

test('severity {"hardcoded-token": "off"} removes that diagnostic, and clearing it brings it back', async () => {
  const doc = await open('soc.py');
  await waitForDiagnostics(doc.uri, 'the four soc.py findings', hasSocFindings);
  try {
    await setSetting('severity', { 'hardcoded-token': 'off' });
    await waitForDiagnostics(doc.uri, 'no hardcoded-token',
      (ds) => ds.length && !ds.some((d) => ruleOf(d) === 'hardcoded-token'));
  } finally {
    await setSetting('severity', undefined);
  }
  await waitForDiagnostics(doc.uri, 'hardcoded-token again', hasSocFindings);
});

test('inlayHints false turns the hints off', async () => {
  const doc = await open('soc.py');
  try {
    await setSetting('inlayHints', false);
    await waitFor('no inlay hints', async () => (await inlayHints(doc)).length === 0);
  } finally {
    await setSetting('inlayHints', undefined);
  }
  await waitFor('inlay hints again', async () => (await inlayHints(doc)).length > 0);
});

test('claimcheck.path: a missing file is an error; a ~ path is expanded and used', async () => {
  const api = await extension();
  const bundled = api.serverPath;
  try {
    await setSetting('path', '~/no-such-dir/claimcheck');
    await waitFor('server state error', () => api.state === 'error');
    await setSetting('path', `~/${path.relative(os.homedir(), bundled)}`);
    await waitFor('server state running', () => api.state === 'running');
    assert.equal(api.serverPath, bundled);
    const doc = await open('soc.py');
    await waitForDiagnostics(doc.uri, 'diagnostics from the restarted server', hasSocFindings);
  } finally {
    await setSetting('path', undefined);
  }
  await restartAndWait(api, 'running');
});

test('CLAIMCHECK_PATH comes before claimcheck.path', async () => {
  const api = await extension();
  const bundled = api.serverPath;
  try {
    await setSetting('path', '/no-such-dir/claimcheck');
    await waitFor('server state error', () => api.state === 'error');
    process.env.CLAIMCHECK_PATH = bundled;
    await restartAndWait(api, 'running');
    process.env.CLAIMCHECK_PATH = '/no-such-dir/claimcheck-from-env';
    await restartAndWait(api, 'error');
  } finally {
    delete process.env.CLAIMCHECK_PATH;
    await setSetting('path', undefined);
  }
  await restartAndWait(api, 'running');
  assert.equal(api.serverPath, bundled);
});

test('Restart Server brings the diagnostics back', async () => {
  const api = await extension();
  const doc = await open('soc.py');
  await restartAndWait(api, 'running');
  await waitForDiagnostics(doc.uri, 'the four soc.py findings', hasSocFindings);
  await closeAllEditors();
});
