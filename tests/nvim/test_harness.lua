-- The harness itself (minimal_init.vim): a clean start on every supported
-- Neovim, Neovim's own runtime (netrw included) loaded, the user's config and
-- packages kept out even when HOME is the user's.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

-- Before any test resets it: what start-up left behind.
local startup_errmsg = vim.v.errmsg
local startup_messages = vim.fn.execute('messages')

t.test('start-up reports no error', function()
  t.eq('', startup_errmsg, 'v:errmsg after start-up')
  t.ok(not startup_messages:find('E%d+:'), 'no E-number in :messages: ' .. startup_messages)
end)

t.test('Neovim runtime and the repository on the path, first the repository', function()
  local rtp = vim.split(vim.o.runtimepath, ',')
  t.eq(t.root, rtp[1], "first 'runtimepath' entry")
  t.ok(vim.tbl_contains(rtp, vim.env.VIMRUNTIME), "$VIMRUNTIME in 'runtimepath'")
  t.ok(vim.tbl_contains(vim.split(vim.o.packpath, ','), vim.env.VIMRUNTIME), "$VIMRUNTIME in 'packpath'")
  -- netrw: a plugin on 0.7-0.10, an optional package loaded by a plugin on 0.12
  t.eq(2, vim.fn.exists(':Explore'), ':Explore defined (netrw loaded)')
end)

t.test("the user's config and packages stay out, whatever HOME is", function()
  local home = vim.fn.tempname()
  local flag = "call writefile(['loaded'], '" .. home .. "/leak')"
  for _, dir in ipairs({
    '/.config/nvim/plugin',
    '/.local/share/nvim/site/plugin',
    '/.local/share/nvim/site/pack/user/start/p/plugin',
  }) do
    vim.fn.mkdir(home .. dir, 'p')
    vim.fn.writefile({ flag }, home .. dir .. '/leak.vim')
  end
  vim.fn.writefile({ flag }, home .. '/.config/nvim/init.vim')
  local out = home .. '/out'
  local env = string.format('env HOME=%s XDG_CONFIG_HOME=%s/.config XDG_DATA_HOME=%s/.local/share ',
    vim.fn.shellescape(home), vim.fn.shellescape(home), vim.fn.shellescape(home))
  vim.fn.system(env .. table.concat(vim.tbl_map(vim.fn.shellescape, {
    vim.v.progpath, '--headless', '-i', 'NONE', '-n', '-u', t.root .. '/tests/nvim/minimal_init.vim',
    '-c', "call writefile([v:errmsg, &rtp, &packpath], '" .. out .. "')", '-c', 'qa!',
  }), ' ') .. ' </dev/null')
  t.eq(0, vim.v.shell_error, 'exit status')
  t.eq(0, vim.fn.filereadable(home .. '/leak'), 'a user plugin was sourced')
  local got = vim.fn.readfile(out)
  t.eq('', got[1], 'v:errmsg')
  t.ok(not got[2]:find(home, 1, true), "'runtimepath' has a user dir: " .. got[2])
  t.ok(not got[3]:find(home, 1, true), "'packpath' has a user dir: " .. got[3])
end)

t.finish()
