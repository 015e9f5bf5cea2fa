import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';

type ServerState = 'starting' | 'running' | 'stopped' | 'error';

// Settings that change how the process is started; the others reach the running server as
// didChangeConfiguration.
const RESTART_SETTINGS = ['claimcheck.path', 'claimcheck.logLevel'];
const SERVER_SETTINGS = ['token', 'tokenFile', 'tokenCommand', 'severity', 'inlayHints', 'catalogPaths', 'maxFileSize'];
const EXPLAIN_SCHEME = 'claimcheck-explain';

let client: LanguageClient | undefined;
let state: ServerState = 'stopped';
let serverPath: string | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let permissionsStatus: vscode.StatusBarItem;
// Restarts are chained so that a burst of setting changes never runs two servers at once.
let pending: Promise<void> = Promise.resolve();

export function activate(ctx: vscode.ExtensionContext) {
  output = vscode.window.createOutputChannel('claimcheck', { log: true });
  status = vscode.window.createStatusBarItem('claimcheck.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'claimcheck';
  status.command = 'claimcheck.showOutput';
  setState('stopped');
  status.show();
  // The workspace's Graph permissions report (what each app needs, misses and holds in excess).
  permissionsStatus = vscode.window.createStatusBarItem('claimcheck.permissions', vscode.StatusBarAlignment.Right, 99);
  permissionsStatus.name = 'claimcheck permissions';
  permissionsStatus.text = '$(checklist) Graph permissions';
  permissionsStatus.tooltip = 'claimcheck: the least Microsoft Graph permissions each app of this workspace needs';
  permissionsStatus.command = 'claimcheck.permissions';
  permissionsStatus.show();

  const explanations = new ExplanationDocuments();
  ctx.subscriptions.push(
    output,
    status,
    permissionsStatus,
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, explanations),
    vscode.commands.registerCommand('claimcheck.restart', () => restart(ctx)),
    vscode.commands.registerCommand('claimcheck.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('claimcheck.explain', (token?: string) => explain(explanations, token)),
    vscode.commands.registerCommand('claimcheck.permissions', () => showPermissions(explanations)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        void vscode.commands.executeCommand('claimcheck.restart');
      } else if (e.affectsConfiguration('claimcheck')) {
        void pushSettings();
      }
    }),
  );
  void vscode.commands.executeCommand('claimcheck.restart');

  // For the extension's own tests: the state the status bar shows.
  return {
    get state() { return state; },
    get serverPath() { return serverPath; },
  };
}

export function deactivate() {
  return stopClient();
}

function restart(ctx: vscode.ExtensionContext): Promise<void> {
  pending = pending.then(() => startClient(ctx)).catch((e) => fail(`claimcheck: ${errorText(e)}`));
  return pending;
}

async function startClient(ctx: vscode.ExtensionContext) {
  await stopClient();
  setState('starting');
  const found = resolveServer(ctx);
  if ('error' in found) {
    fail(found.error, true);
    return;
  }
  serverPath = found.path;
  output.info(`Starting ${serverPath} lsp`);

  const cfg = vscode.workspace.getConfiguration('claimcheck');
  const level = cfg.get<string>('logLevel', 'info');
  const serverOptions: ServerOptions = {
    command: serverPath,
    args: ['lsp'],
    // Only claimcheck's own log follows the setting: the LSP framework's debug and trace output
    // could hold whole messages, and so tokens.
    options: { env: { ...process.env, RUST_LOG: `warn,claimcheck=${level}` } },
  };
  const clientOptions: LanguageClientOptions = {
    // Tokens and URLs turn up in any kind of file, so every document is checked.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    initializationOptions: serverSettings(),
    outputChannel: output,
  };
  const c = new LanguageClient('claimcheck', 'claimcheck', serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    if (client !== c) return;
    if (e.newState === State.Starting) setState('starting');
    else if (e.newState === State.Running) setState('running');
    // The client stops on its own only when the server keeps crashing.
    else if (e.newState === State.Stopped) setState('error');
  });
  client = c;
  try {
    await c.start();
    setState('running');
  } catch (e) {
    client = undefined;
    fail(`claimcheck: the server ${serverPath} failed to start: ${errorText(e)}`, true);
  }
}

async function stopClient() {
  const c = client;
  client = undefined;
  if (c) {
    await c.stop(2000).catch((e) => output.warn(`Stopping the server: ${errorText(e)}`));
    setState('stopped');
  }
}

// Pushed by hand rather than through the client's `synchronize` option: that one would also fire
// for the settings that restart the server, racing the stop of the old client. The server can still
// pull per-folder values with workspace/configuration, which the client answers.
async function pushSettings() {
  if (!client?.isRunning()) return;
  await client
    .sendNotification(DidChangeConfigurationNotification.type, { settings: { claimcheck: serverSettings() } })
    .catch((e) => output.warn(`Sending the settings to the server: ${errorText(e)}`));
}

function serverSettings() {
  const cfg = vscode.workspace.getConfiguration('claimcheck');
  return Object.fromEntries(SERVER_SETTINGS.map((k) => [k, cfg.get(k)]));
}

function resolveServer(ctx: vscode.ExtensionContext): { path: string } | { error: string } {
  const env = process.env.CLAIMCHECK_PATH;
  if (env) {
    return isExecutable(env)
      ? { path: env }
      : { error: `claimcheck: CLAIMCHECK_PATH is set to ${env}, which is not an executable file. Unset it or fix it.` };
  }
  const configured = vscode.workspace.getConfiguration('claimcheck').get<string>('path', '').trim();
  if (configured) {
    const p = expandHome(configured);
    return isExecutable(p)
      ? { path: p }
      : { error: `claimcheck: the setting claimcheck.path is ${configured}, which is not an executable file. Point it at the claimcheck binary, or clear it to use the bundled one.` };
  }
  const bundled = ctx.asAbsolutePath(path.join('server', process.platform === 'win32' ? 'claimcheck.exe' : 'claimcheck'));
  if (fs.existsSync(bundled)) {
    // Unzipping a VSIX does not always keep the executable bit.
    if (!isExecutable(bundled)) fs.chmodSync(bundled, 0o755);
    return { path: bundled };
  }
  return {
    error: 'claimcheck: this build of the extension has no bundled server for this platform. Install the claimcheck binary and set claimcheck.path to it.',
  };
}

function expandHome(p: string) {
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
}

function isExecutable(p: string) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

async function explain(docs: ExplanationDocuments, given?: string): Promise<string | undefined> {
  const input = typeof given === 'string' ? given : await vscode.window.showInputBox({
    title: 'claimcheck: Explain a Token',
    prompt: 'Paste an access token. It is decoded locally and never leaves this machine.',
    password: true,
    ignoreFocusOut: true,
  });
  const token = input?.trim().replace(/^bearer\s+/i, '');
  if (!token) return undefined;
  if (!client || state !== 'running') {
    void vscode.window.showErrorMessage('claimcheck: the server is not running.', 'Show Output')
      .then((pick) => pick && output.show(true));
    return undefined;
  }
  let markdown: unknown;
  try {
    markdown = await client.sendRequest(ExecuteCommandRequest.type, {
      command: 'claimcheck.explainToken',
      arguments: [token],
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`claimcheck: ${errorText(e)}`);
    return undefined;
  }
  if (typeof markdown !== 'string') {
    void vscode.window.showErrorMessage('claimcheck: the server returned no explanation.');
    return undefined;
  }
  await docs.show(markdown);
  return markdown;
}

// The server's claimcheck.showPermissions report, opened as a markdown preview. (The palette
// command has its own id: the language client registers the server's command id itself.)
async function showPermissions(docs: ExplanationDocuments): Promise<string | undefined> {
  if (!client || state !== 'running') {
    void vscode.window.showErrorMessage('claimcheck: the server is not running.', 'Show Output')
      .then((pick) => pick && output.show(true));
    return undefined;
  }
  let markdown: unknown;
  try {
    markdown = await client.sendRequest(ExecuteCommandRequest.type, { command: 'claimcheck.showPermissions', arguments: [] });
  } catch (e) {
    void vscode.window.showErrorMessage(`claimcheck: ${errorText(e)}`);
    return undefined;
  }
  if (typeof markdown !== 'string') {
    void vscode.window.showErrorMessage('claimcheck: the server returned no report.');
    return undefined;
  }
  await docs.show(markdown, 'permissions');
  return markdown;
}

// Explanations live in read-only virtual documents whose URIs hold a counter, never the token,
// so nothing about the token lands in editor history or tab titles.
class ExplanationDocuments implements vscode.TextDocumentContentProvider {
  private texts = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri) {
    return this.texts.get(uri.toString()) ?? '';
  }

  async show(markdown: string, name = 'token') {
    this.count += 1;
    const uri = vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${name}-${this.count}.md` });
    this.texts.set(uri.toString(), markdown);
    const doc = await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(doc, { preview: true });
    }
  }
}

function setState(s: ServerState) {
  state = s;
  const icon = { starting: '$(sync~spin)', running: '$(shield)', stopped: '$(circle-slash)', error: '$(error)' }[s];
  status.text = `${icon} claimcheck`;
  status.accessibilityInformation = { label: `claimcheck server ${s}` };
  status.tooltip = `claimcheck server: ${s}${serverPath ? `\n${serverPath}` : ''}\nClick to show the output.`;
  status.backgroundColor = s === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
}

function fail(message: string, offerSettings = false) {
  setState('error');
  output.error(message);
  const actions = offerSettings ? ['Open Settings', 'Show Output'] : ['Show Output'];
  void vscode.window.showErrorMessage(message, ...actions).then((pick) => {
    if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'claimcheck.path');
    if (pick === 'Show Output') output.show(true);
  });
}

function errorText(e: unknown) {
  return e instanceof Error ? e.message : String(e);
}
