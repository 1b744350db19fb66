-- luacheck configuration (Debian: lua-check); `make test-lua` runs it on
-- every Lua file: lua/, tests/nvim/, bench/. The plugin/ and ftplugin/
-- files are Vim script.
std = 'luajit' -- Neovim runs LuaJIT (unpack, bit, jit, ...)
-- Neovim's API table; the plugin only reads and calls it, but options and
-- variables are set through it (vim.bo[buf].x = ..., vim.env.X = ...).
globals = { 'vim' }
max_line_length = 120
cache = false

-- The tests quote whole lines of the sample bulletin and whole messages as
-- the user sees them (a story title with its soundbite count, a helper
-- error): split over lines they would no longer match what grep finds in
-- the screen, the sample or the source. Line length only; every other
-- check applies.
files['tests/nvim'] = { max_line_length = false }
