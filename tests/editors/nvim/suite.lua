-- Drives the shipped Neovim config against `claimcheck lsp`, on the fixture of
-- tests/editors/SERVER-CONTRACT.md, and asserts only what that contract promises.
-- Run by run.sh as `nvim --headless -u <user init.lua> -l suite.lua`: the user's init.lua has
-- already loaded claimcheck (vim.lsp.enable or setup{}), exactly as in the README.
-- Env: CC_WS (workspace holding soc.py), CC_SETTINGS: "default", or "custom" when init.lua sets
-- severity = { ["hardcoded-token"] = "off" } and inlayHints = false.

local passed, failed = 0, 0
local function say(s)
  io.stdout:write(s .. "\n")
end
local function check(cond, name, detail)
  if cond then
    passed = passed + 1
    say("ok   - " .. name)
  else
    failed = failed + 1
    say("FAIL - " .. name .. (detail ~= nil and (": " .. tostring(detail)) or ""))
  end
  return cond
end
-- Every wait is bounded; a timeout is a failure of `name`, never a hang.
local function wait(name, ms, cond)
  local ok = vim.wait(ms, cond, 20)
  if not ok then
    check(false, name, "timed out after " .. ms .. " ms")
  end
  return ok
end

local ws = assert(os.getenv("CC_WS"), "CC_WS not set")
local custom = os.getenv("CC_SETTINGS") == "custom"
local TIMEOUT = 10000

-- A picker would block a headless run; every code action below is chosen by a filter.
vim.ui.select = function(items, _, on_choice)
  check(false, "no picker expected", #items .. " items offered")
  on_choice(nil)
end
-- Errors the plugin or the server report (window/showMessage) land here.
local errors = {}
local notify = vim.notify
vim.notify = function(msg, level, opts)
  if level == vim.log.levels.ERROR then
    table.insert(errors, msg)
  end
  return notify(msg, level, opts)
end

local function text_of(value)
  -- Hover contents and inlay hint labels each come in several LSP shapes.
  if type(value) == "string" then
    return value
  elseif type(value) ~= "table" then
    return ""
  elseif value.value then
    return value.value
  end
  local parts = {}
  for _, v in ipairs(value) do
    table.insert(parts, text_of(v))
  end
  return table.concat(parts, "\n")
end

local function request(bufnr, method, params)
  local res = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT) or {}
  for _, r in pairs(res) do
    if r.error then
      return nil, r.error
    end
    return r.result
  end
  return nil, "no response"
end

local function find_diag(bufnr, code, lnum)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code and d.lnum == lnum then
      return d
    end
  end
end

local function run()
  local v = vim.version()
  say(string.format("# nvim %d.%d.%d, settings %s", v.major, v.minor, v.patch,
    custom and "custom" or "default"))

  vim.cmd.edit(vim.fn.fnameescape(ws .. "/soc.py"))
  local buf = vim.api.nvim_get_current_buf()
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local token = lines[2]:match('"(eyJ[%w_-]+%.[%w_-]+%.[%w_-]*)"')
  assert(token, "fixture line 2 holds no token")
  local payload = vim.split(token, ".", { plain = true })[2]
  local tok_col = lines[2]:find(token, 1, true) - 1
  local url1 = "https://graph.microsoft.com/v1.0/security/alerts_v2"
  local url1_col = lines[3]:find(url1, 1, true) - 1

  check(vim.bo[buf].filetype == "python", "soc.py detected as python", vim.bo[buf].filetype)
  local client
  wait("client attaches", TIMEOUT, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = "claimcheck" })[1]
    return client ~= nil and client.initialized
  end)
  if not client then
    return
  end
  check(vim.uv.fs_realpath(client.root_dir or "") == vim.uv.fs_realpath(ws),
    "root_dir is the workspace (root marker)", client.root_dir)

  -- Diagnostics, as vim.diagnostic holds them (0-based lines and columns).
  local expect_token_diag = not custom
  wait("diagnostics arrive", TIMEOUT, function()
    return find_diag(buf, "missing-permission", 2) and find_diag(buf, "deprecated-endpoint", 3)
      and find_diag(buf, "missing-permission", 3)
      and (find_diag(buf, "hardcoded-token", 1) ~= nil) == expect_token_diag
  end)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    local href = (lsp.codeDescription or {}).href or ""
    check(d.source == "claimcheck", "source of " .. tostring(d.code), d.source)
    check(href:match("^%a+://.+docs/rules/" .. vim.pesc(tostring(d.code)) .. "%.md$") ~= nil,
      "codeDescription.href of " .. tostring(d.code), href)
  end
  local S = vim.diagnostic.severity
  local ht = find_diag(buf, "hardcoded-token", 1)
  if custom then
    check(ht == nil, "severity hardcoded-token=off removes that diagnostic")
  elseif check(ht ~= nil, "hardcoded-token on line 1") then
    check(ht.severity == S.WARN, "hardcoded-token is a warning", ht.severity)
    check(ht.col == tok_col and ht.end_lnum == 1 and ht.end_col == tok_col + #token,
      "hardcoded-token range is the token", vim.inspect({ ht.lnum, ht.col, ht.end_lnum, ht.end_col }))
  end
  local mp = find_diag(buf, "missing-permission", 2)
  if check(mp ~= nil, "missing-permission on line 2") then
    check(mp.severity == S.ERROR, "missing-permission is an error", mp.severity)
    check(mp.col == url1_col and mp.end_lnum == 2 and mp.end_col == url1_col + #url1,
      "missing-permission range is the URL", vim.inspect({ mp.lnum, mp.col, mp.end_lnum, mp.end_col }))
    check(mp.message:find("SecurityAlert.Read.All", 1, true), "missing-permission names SecurityAlert.Read.All",
      mp.message)
  end
  local dep = find_diag(buf, "deprecated-endpoint", 3)
  check(dep and dep.severity == S.WARN, "deprecated-endpoint warning on line 3", dep and dep.severity)
  check(find_diag(buf, "missing-permission", 3), "missing-permission on line 3")

  -- Hover, at the cursor, as K would ask.
  local uri = vim.uri_from_bufnr(buf)
  local hover = request(buf, "textDocument/hover",
    { textDocument = { uri = uri }, position = { line = 2, character = url1_col + 10 } })
  local htext = text_of(hover and hover.contents)
  check(htext:find("SecurityAlert.Read.All", 1, true) and htext:find("GET", 1, true),
    "hover on the URL: SecurityAlert.Read.All and GET", htext)
  hover = request(buf, "textDocument/hover",
    { textDocument = { uri = uri }, position = { line = 1, character = tok_col + 5 } })
  htext = text_of(hover and hover.contents)
  local lower = htext:lower()
  check(lower:find("delegated", 1, true) and lower:find("signature not verified", 1, true),
    "hover on the token: delegated, signature not verified", htext)
  check(not htext:find(payload, 1, true), "hover does not show the token")

  -- Inlay hints: on_attach turned them on, unless the user said inlayHints = false.
  if custom then
    check(not vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), "inlayHints = false leaves inlay hints off")
  else
    check(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), "inlay hints enabled for the buffer")
    local function hint_on(line, pred)
      for _, h in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
        local label = text_of(h.inlay_hint.label)
        if h.inlay_hint.position.line == line and pred(label) then
          return label
        end
      end
    end
    local function url_hint(l)
      return l:find("SecurityAlert.Read.All", 1, true) and l:find("✗", 1, true)
    end
    local function token_hint(l)
      return l:find("delegated", 1, true)
    end
    wait("inlay hints arrive", TIMEOUT, function()
      return hint_on(2, url_hint) and hint_on(1, token_hint)
    end)
    check(hint_on(2, url_hint), "inlay hint after the URL: SecurityAlert.Read.All ✗",
      vim.inspect(vim.lsp.inlay_hint.get({ bufnr = buf })))
    check(hint_on(1, token_hint), "inlay hint after the token: delegated")
  end

  -- :ClaimcheckExplain with the token as argument, typed as a user types it.
  local function explain_buf()
    local b = vim.fn.bufnr("claimcheck://explain")
    return b ~= -1 and b or nil
  end
  vim.api.nvim_feedkeys(":ClaimcheckExplain " .. token .. "\r", "tx", false)
  if wait(":ClaimcheckExplain <token> shows a window", TIMEOUT, explain_buf) then
    local text = table.concat(vim.api.nvim_buf_get_lines(explain_buf(), 0, -1, false), "\n")
    check(text:find("delegated", 1, true) and text:find("User.Read", 1, true) and text:find("Mail.Read", 1, true),
      "explain: delegated and the scp permissions", text)
    check(not text:find(payload, 1, true), "explain does not show the token")
    check(vim.bo[explain_buf()].buftype == "nofile", "explain buffer is scratch")
    check(#vim.lsp.get_clients({ bufnr = explain_buf() }) == 0, "no client on the explain buffer")
  end
  check(not vim.fn.histget(":", -1):find("eyJ", 1, true), "token not kept in command history",
    vim.fn.histget(":", -1))
  vim.cmd("close")
  -- Without an argument it prompts; stand in for the user at the secret prompt.
  vim.fn.inputsecret = function()
    return token
  end
  vim.cmd("ClaimcheckExplain")
  wait(":ClaimcheckExplain (prompt) shows a window", TIMEOUT, explain_buf)
  vim.cmd("close")
  vim.api.nvim_set_current_buf(buf)

  -- Code actions, applied through vim.lsp.buf.code_action as a mapping would.
  local function apply_action(line, col, title_part)
    vim.api.nvim_win_set_cursor(0, { line + 1, col })
    local before = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
    vim.lsp.buf.code_action({
      apply = true,
      context = { only = { "quickfix" } },
      filter = function(action)
        return action.title:find(title_part, 1, true) ~= nil
      end,
    })
    wait("code action '" .. title_part .. "' edits line " .. line, TIMEOUT, function()
      return vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1] ~= before
    end)
    return vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  end
  -- With hardcoded-token off, line 1 has no finding: suppress the one on the URL instead.
  local line, col, rule = 1, tok_col + 2, "hardcoded-token"
  if custom then
    line, col, rule = 2, url1_col + 2, "missing-permission"
  end
  local got = apply_action(line, col, "claimcheck:ignore")
  check(got == lines[line + 1] .. " # claimcheck:ignore[" .. rule .. "]", "ignore quick fix appends the comment", got)
  got = apply_action(3, lines[4]:find("https", 1, true) + 5, "Replace with /security/alerts_v2")
  check(got == lines[4]:gsub("/security/alerts\"", "/security/alerts_v2\""), "replace quick fix rewrites the path", got)

  -- Settings: Neovim answers workspace/configuration from the config's settings.
  local answer = vim.lsp.handlers["workspace/configuration"](nil,
    { items = { { section = "claimcheck" } } }, { client_id = client.id })
  local section = answer and answer[1] or {}
  local init = {}
  client.config.before_init(init, client.config)
  local init_section = (init.initializationOptions or {}).claimcheck or {}
  check(init_section.inlayHints == section.inlayHints, "initializationOptions carry the claimcheck section",
    vim.inspect(init))
  if custom then
    check(section.inlayHints == false and (section.severity or {})["hardcoded-token"] == "off",
      "workspace/configuration carries the user's settings", vim.inspect(section))
    check((init_section.severity or {})["hardcoded-token"] == "off", "initializationOptions carry severity")
  else
    check(section.inlayHints == true, "workspace/configuration answers the claimcheck section", vim.inspect(section))
  end

  -- Filetypes Neovim does not know by itself, and the client attaching there.
  for name, ft in pairs({ ["requests.rest"] = "http", [".env.local"] = "dotenv", [".env.json"] = "json" }) do
    vim.cmd.edit(vim.fn.fnameescape(ws .. "/" .. name))
    local b = vim.api.nvim_get_current_buf()
    check(vim.bo[b].filetype == ft, name .. " is " .. ft, vim.bo[b].filetype)
    wait("client attaches to " .. name, TIMEOUT, function()
      return #vim.lsp.get_clients({ bufnr = b, name = "claimcheck" }) == 1
    end)
  end
  check(#vim.lsp.get_clients({ name = "claimcheck" }) == 1, "one claimcheck client for the workspace")

  -- The workspace: a call with no token in its file is checked against the app registration in
  -- graph-app.tf, and the diagnostic points at it.
  vim.cmd.edit(vim.fn.fnameescape(ws .. "/collector.py"))
  local cb = vim.api.nvim_get_current_buf()
  local cross
  wait("collector.py: missing-permission from graph-app.tf", TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(cb)) do
      if d.code == "missing-permission" and d.lnum == 3 then
        cross = d
        return true
      end
    end
    return false
  end)
  if cross then
    check(cross.message:find("ThreatHunting.Read.All", 1, true) ~= nil, "the message names the permission to add", cross.message)
    local lsp_d = (cross.user_data or {}).lsp or {}
    local rel = (lsp_d.relatedInformation or {})[1]
    check(rel and rel.location.uri:match("/graph%-app%.tf$") ~= nil, "relatedInformation points at graph-app.tf",
      vim.inspect(rel))
  end
  -- :ClaimcheckPermissions shows the workspace report.
  vim.cmd("ClaimcheckPermissions")
  local report_buf
  wait(":ClaimcheckPermissions shows the report", TIMEOUT, function()
    report_buf = vim.fn.bufnr("claimcheck://permissions")
    return report_buf ~= -1
  end)
  if report_buf and report_buf ~= -1 then
    local text = table.concat(vim.api.nvim_buf_get_lines(report_buf, 0, -1, false), "\n")
    check(text:find("collector.py:4 POST /v1.0/security/runHuntingQuery application: NOT COVERED", 1, true) ~= nil
      and text:find("ThreatHunting.Read.All", 1, true) ~= nil, "the report says what is missing", text)
    vim.cmd("close")
  end

  check(#errors == 0, "no error messages", table.concat(errors, " | "))

  -- Secrets stay secret: nothing the client or server logged holds the token.
  local log_path = require("vim.lsp.log").get_filename()
  local log = vim.fn.filereadable(log_path) == 1 and table.concat(vim.fn.readfile(log_path), "\n") or ""
  check(not log:find(payload, 1, true), "LSP log does not hold the token")

  check(not client:is_stopped(), "server still running at the end")
  client:stop()
  wait("client stops", TIMEOUT, function()
    return client:is_stopped()
  end)
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  check(false, "suite error", err)
end
-- run.sh adds these up; only its own total is the closing "N passed, N failed" line.
say(string.format("## suite totals: %d passed, %d failed", passed, failed))
io.stdout:flush()
vim.cmd(failed == 0 and "qall!" or "cquit 1")
