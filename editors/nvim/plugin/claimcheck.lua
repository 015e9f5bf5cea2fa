-- Users of lsp/claimcheck.lua never call setup(), so the command is defined at startup as well.
if vim.g.loaded_claimcheck then
  return
end
vim.g.loaded_claimcheck = true
require("claimcheck").create_command()
