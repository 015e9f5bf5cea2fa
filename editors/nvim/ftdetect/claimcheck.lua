-- Sourced by Neovim's filetype detection from every 'runtimepath' entry.
require("claimcheck").register_filetypes()
