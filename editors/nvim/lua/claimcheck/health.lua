-- :checkhealth claimcheck — is the server there, which config is in use, which buffers it serves.
local M = {}

local health = vim.health

local function binary(cmd)
  local exe = cmd and cmd[1]
  if type(exe) ~= "string" then
    health.error("the server command is not a list starting with a program: " .. vim.inspect(cmd))
    return
  end
  if vim.fn.executable(exe) ~= 1 then
    health.error(("claimcheck not found: %q is not an executable program"):format(exe), {
      "install it: cargo install --locked --path server/cli (in a claimcheck checkout)",
      "or point at a binary: export CLAIMCHECK_PATH=/path/to/claimcheck",
      "or set cmd in vim.lsp.config('claimcheck', { cmd = { '/path/to/claimcheck', 'lsp' } })",
    })
    return
  end
  local path = vim.fn.exepath(exe)
  local out = vim.fn.system({ exe, "--version" })
  if vim.v.shell_error ~= 0 then
    health.error(("%s --version failed: %s"):format(path, vim.trim(out)))
    return
  end
  health.ok(("binary: %s (%s)"):format(path, vim.trim(out)))
end

--- The claimcheck config in use: vim.lsp.config's on 0.11+, else the setup() defaults.
local function current_config()
  local ok, cfg = pcall(function()
    return vim.lsp.config and vim.lsp.config.claimcheck
  end)
  if ok and cfg then
    return cfg, "vim.lsp.config('claimcheck')"
  end
  return require("claimcheck").config(), "require('claimcheck').config() defaults"
end

local function config_files(root)
  local found = {}
  for _, name in ipairs({ "claimcheck.toml", ".claimcheck.toml" }) do
    local p = root .. "/" .. name
    if vim.fn.filereadable(p) == 1 then
      table.insert(found, p)
    end
  end
  return found
end

function M.check()
  health.start("claimcheck")
  if vim.fn.has("nvim-0.11") == 1 then
    health.ok("Neovim " .. tostring(vim.version()) .. ": lsp/claimcheck.lua with vim.lsp.enable('claimcheck')")
  elseif vim.fn.has("nvim-0.10") == 1 then
    health.ok("Neovim " .. tostring(vim.version()) .. ": use require('claimcheck').setup()")
  else
    health.error("Neovim 0.10 or later is needed")
  end

  local cfg, source = current_config()
  health.info("config: " .. source)
  binary(cfg.cmd)
  local settings = (cfg.settings or {}).claimcheck or {}
  health.info("settings: " .. vim.inspect(settings, { newline = " ", indent = "" }))

  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ name = "claimcheck" }) or {}
  if #clients == 0 then
    health.info("no claimcheck client is running (open a file of one of its filetypes)")
    return
  end
  for _, client in ipairs(clients) do
    local root = client.config.root_dir or (client.root_dir or "")
    local bufs = {}
    for bufnr in pairs(client.attached_buffers or {}) do
      table.insert(bufs, ("%d %s"):format(bufnr, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":~:.")))
    end
    table.sort(bufs)
    health.ok(("client %d, root %s, attached buffers: %s"):format(
      client.id,
      root ~= "" and root or "(none)",
      #bufs > 0 and table.concat(bufs, ", ") or "none"
    ))
    if root ~= "" then
      local files = config_files(root)
      if #files > 0 then
        health.ok("config file: " .. table.concat(files, ", "))
      else
        health.info("no claimcheck.toml in " .. root .. " (defaults apply)")
      end
    end
  end
end

return M
