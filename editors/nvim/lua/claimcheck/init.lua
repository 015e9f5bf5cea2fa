-- claimcheck for Neovim: the language server config, filetype detection, :ClaimcheckExplain and
-- :ClaimcheckPermissions.
-- Neovim 0.11+ can use lsp/claimcheck.lua with vim.lsp.enable(); setup() serves 0.10 and later.
local M = {}

-- The server reads any text; these are the filetypes where Graph URLs and tokens usually live.
M.filetypes = {
  "bash", "c", "cpp", "cs", "dockerfile", "dotenv", "fsharp", "go", "http", "java", "javascript",
  "javascriptreact", "json", "jsonc", "kotlin", "lua", "markdown", "php", "ps1", "python", "ruby",
  "rust", "scala", "sh", "swift", "terraform", "toml", "typescript", "typescriptreact", "vue",
  "yaml", "zsh",
}

-- A claimcheck config file marks the project root before .git does, so a sub-project's own
-- settings apply to it.
M.root_markers = { "claimcheck.toml", ".claimcheck.toml", ".git" }

local function has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

-- $CLAIMCHECK_PATH lets a user who only downloaded the release binary point at it without
-- editing their config; otherwise claimcheck must be on PATH.
local function default_cmd()
  local path = vim.env.CLAIMCHECK_PATH
  if path == nil or path == "" then
    path = "claimcheck"
  end
  return { path, "lsp" }
end

local function client_supports(client, method)
  -- 0.11 made client methods colon-calls and deprecated the dot form.
  if has("0.11") then
    return client:supports_method(method)
  end
  return client.supports_method(method)
end

--- Turns on inlay hints for the buffer unless the user set `inlayHints = false`.
function M.on_attach(client, bufnr)
  local settings = (client.config.settings or {}).claimcheck or {}
  if settings.inlayHints == false or not vim.lsp.inlay_hint then
    return
  end
  if client_supports(client, "textDocument/inlayHint") then
    vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
  end
end

--- The language server config, as vim.lsp.config() and vim.lsp.start() take it.
--- `opts` is merged over the defaults, so it has the same fields.
function M.config(opts)
  opts = opts or {}
  local user_on_attach = opts.on_attach
  local defaults = {
    name = "claimcheck",
    cmd = default_cmd(),
    filetypes = M.filetypes,
    root_markers = M.root_markers,
    -- Never empty: an empty Lua table would reach the server as a JSON array, not an object.
    settings = { claimcheck = { inlayHints = true } },
    -- The server takes the same settings at initialize, so the first diagnostics already use
    -- them; deriving them here keeps one place to write them (settings) in the user's config.
    before_init = function(params, config)
      if params.initializationOptions == nil then
        params.initializationOptions = vim.deepcopy(config.settings)
      end
    end,
  }
  local config = vim.tbl_deep_extend("force", defaults, opts)
  -- A user's cmd or filetypes is the whole list, whatever this Neovim's tbl_deep_extend does
  -- with lists.
  for _, key in ipairs({ "cmd", "filetypes", "root_markers" }) do
    if opts[key] then
      config[key] = opts[key]
    end
  end
  config.on_attach = function(client, bufnr)
    M.on_attach(client, bufnr)
    if user_on_attach then
      user_on_attach(client, bufnr)
    end
  end
  return config
end

--- Filetypes the server needs that Neovim does not detect by itself.
function M.register_filetypes()
  vim.filetype.add({
    extension = { http = "http", rest = "http" },
    pattern = {
      -- Lowest priority: `.env.json` stays json, `.env` stays sh; only what nothing else
      -- claims (`.env.local`, `.env.production`) becomes dotenv.
      ["%.env%.[%w_.-]+"] = { "dotenv", { priority = -math.huge } },
    },
  })
end

local function find_client()
  local clients = vim.lsp.get_clients({ name = "claimcheck", bufnr = 0 })
  if #clients == 0 then
    clients = vim.lsp.get_clients({ name = "claimcheck" })
  end
  return clients[1]
end

-- The explanation goes into a scratch split: it stays while the user reads it next to the code
-- and never becomes a file (or an LSP document: buftype is set before filetype).
local function show(markdown, mods, name)
  name = name or "claimcheck://explain"
  local old = vim.fn.bufnr(name)
  if old ~= -1 then
    vim.api.nvim_buf_delete(old, { force = true })
  end
  vim.cmd((mods or "") .. " new")
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].swapfile = false
  vim.api.nvim_buf_set_name(buf, name)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(markdown, "\n", { plain = true }))
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = "markdown"
  vim.keymap.set("n", "q", "<cmd>close<cr>", { buffer = buf, desc = "Close the explanation" })
  return buf
end

--- Asks the server to explain `token` and shows the markdown it returns.
--- `on_done(buf)` (optional) runs once the window is shown, for scripts and tests.
function M.explain(token, mods, on_done)
  local client = find_client()
  if not client then
    vim.notify("claimcheck: the language server is not running; open a file it attaches to",
      vim.log.levels.ERROR)
    return
  end
  local params = { command = "claimcheck.explainToken", arguments = { token } }
  local function handler(err, result)
    if err then
      vim.notify("claimcheck: " .. (err.message or tostring(err)), vim.log.levels.ERROR)
      return
    end
    local text = type(result) == "table" and result.value or result
    if type(text) ~= "string" then
      vim.notify("claimcheck: the server returned no explanation", vim.log.levels.WARN)
      return
    end
    local buf = show(text, mods)
    if on_done then
      on_done(buf)
    end
  end
  if has("0.11") then
    client:request("workspace/executeCommand", params, handler)
  else
    client.request("workspace/executeCommand", params, handler)
  end
end

--- Asks the server for the workspace's Graph permissions report (`claimcheck.showPermissions`:
--- what each app needs, misses and holds in excess) and shows it. `on_done(buf)` as for explain.
function M.permissions(mods, on_done)
  local client = find_client()
  if not client then
    vim.notify("claimcheck: the language server is not running; open a file it attaches to",
      vim.log.levels.ERROR)
    return
  end
  local params = { command = "claimcheck.showPermissions", arguments = {} }
  local function handler(err, result)
    if err then
      vim.notify("claimcheck: " .. (err.message or tostring(err)), vim.log.levels.ERROR)
      return
    end
    if type(result) ~= "string" then
      vim.notify("claimcheck: the server returned no report", vim.log.levels.WARN)
      return
    end
    local buf = show(result, mods, "claimcheck://permissions")
    if on_done then
      on_done(buf)
    end
  end
  if has("0.11") then
    client:request("workspace/executeCommand", params, handler)
  else
    client.request("workspace/executeCommand", params, handler)
  end
end

--- Defines :ClaimcheckExplain [token]; without a token it prompts without echoing.
function M.create_command()
  vim.api.nvim_create_user_command("ClaimcheckExplain", function(cmd)
    local token = cmd.args
    if token == "" then
      token = vim.fn.inputsecret("Access token: ")
    else
      -- A token typed on the command line would be kept in history and written to ShaDa.
      vim.fn.histdel(":", [[\v^[: \t]*Claim\w*\s.*eyJ]])
    end
    token = vim.trim(token):gsub("^[Bb]earer%s+", "")
    if token ~= "" then
      M.explain(token, cmd.mods)
    end
  end, { nargs = "?", desc = "Explain an access token's claims (claimcheck)" })
  vim.api.nvim_create_user_command("ClaimcheckPermissions", function(cmd)
    M.permissions(cmd.mods)
  end, { nargs = 0, desc = "The Graph permissions each app of the workspace needs (claimcheck)" })
end

--- For Neovim 0.10 and later: starts claimcheck on buffers of its filetypes.
--- `opts` takes the fields of vim.lsp.config(), merged over the defaults.
function M.setup(opts)
  if not has("0.10") then
    vim.notify("claimcheck: setup() needs Neovim 0.10 or later", vim.log.levels.ERROR)
    return
  end
  local config = M.config(opts)
  M.register_filetypes()
  M.create_command()
  local group = vim.api.nvim_create_augroup("claimcheck", { clear = true })
  local warned = false
  local function start(bufnr)
    -- Help pages, terminals and our own explanation are not files to check.
    if vim.bo[bufnr].buftype ~= "" then
      return
    end
    if type(config.cmd) == "table" and vim.fn.executable(config.cmd[1]) == 0 then
      -- Say once which knobs find the binary, instead of a spawn error per buffer.
      if not warned then
        warned = true
        vim.notify(("claimcheck: %q is not executable; put claimcheck on PATH, set $CLAIMCHECK_PATH, "
          .. "or pass cmd to setup()"):format(config.cmd[1]), vim.log.levels.ERROR)
      end
      return
    end
    local start_config = vim.deepcopy(config)
    start_config.root_dir = vim.fs.root(bufnr, config.root_markers)
    vim.lsp.start(start_config, { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(ev)
      start(ev.buf)
    end,
  })
  -- setup() may run after buffers were opened (lazy loading): attach to those too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
end

return M
