-- Without a working helper, :BulletinOutline and :BulletinQuotes say so and
-- how to fix it, instead of "no outline yet" / "no soundbites" on a file
-- that has them (issue 7, defect 9).
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local helper = require('bulletin.helper')

local notes = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  notes[#notes + 1] = msg
  return orig_notify(msg, level, opts)
end

local function run(cmd)
  notes = {}
  vim.cmd(cmd)
  vim.wait(50)
  return table.concat(notes, '\n')
end

-- The message names the state, and the fixes: make, :BulletinRestart,
-- :checkhealth bulletin.
local function says_fix(msg, state_pat, what)
  t.match(state_pat, msg, what .. ': says what is wrong')
  t.ok(msg:find('`make` in ' .. t.root, 1, true), what .. ': says to run make in the plugin directory: ' .. msg)
  t.ok(msg:find(':BulletinRestart', 1, true), what .. ': names :BulletinRestart: ' .. msg)
  t.ok(msg:find(':checkhealth bulletin', 1, true), what .. ': names :checkhealth bulletin: ' .. msg)
  t.ok(not msg:find('no outline yet', 1, true), what .. ': not "no outline yet": ' .. msg)
  t.ok(not msg:find('no soundbites', 1, true), what .. ': not "no soundbites": ' .. msg)
end

local function check_commands(state_pat)
  local buf = t.edit(t.tmpcopy(t.sample))
  vim.wait(100)
  says_fix(run('BulletinOutline'), state_pat, ':BulletinOutline')
  t.eq(nil, (require('bulletin.outline').win()), 'no outline window with an empty tree')
  t.eq(buf, vim.api.nvim_get_current_buf(), 'cursor stays in the bulletin')
  says_fix(run('BulletinQuotes'), state_pat, ':BulletinQuotes')
  says_fix(run('BulletinQuotes Kim'), state_pat, ':BulletinQuotes Kim')
  says_fix(run('BulletinOutline loclist'), state_pat, ':BulletinOutline loclist')
end

t.test('helper missing', function()
  helper.stop()
  require('bulletin').setup({ cmd = '/nonexistent/bulletin' })
  check_commands('helper is missing %(helper not found: /nonexistent/bulletin')
  t.eq('missing', helper.status)
end)

t.test('helper fails at the handshake', function()
  helper.stop()
  require('bulletin').setup({ cmd = { '/bin/false' } })
  check_commands('helper has failed')
  t.eq('failed', helper.status)
end)

t.test('helper too old', function()
  helper.stop()
  vim.env.STUB_PROTOCOL = '0'
  require('bulletin').setup({ cmd = { '/usr/bin/python3', t.root .. '/tests/nvim/fixtures/stub_helper.py', 'rpc' } })
  check_commands('helper is too old')
  vim.env.STUB_PROTOCOL = nil
  t.eq('old', helper.status)
end)

t.test('after :BulletinRestart with the helper back: the real lists', function()
  helper.stop()
  require('bulletin').setup({ cmd = t.bin })
  local buf = t.open(t.tmpcopy(t.sample))
  local msg = run('BulletinQuotes')
  t.eq('', msg, 'no message')
  t.eq(7, #vim.fn.getqflist(), 'seven soundbites')
  run('BulletinOutline')
  local win, obuf = require('bulletin.outline').win(buf)
  t.ok(win, 'outline open')
  t.eq('Lee and Xi Hold First Phone Call', vim.api.nvim_buf_get_lines(obuf, 0, 1, false)[1])
end)

-- Syntax-only mode after the helper served the buffer: the outline it left
-- is stale, so jumps go by regex, iq/aq fail, the commands say why.
local function stale_outline_unused(buf, state_pat)
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  t.feed(']]')
  t.eq(6, vim.api.nvim_win_get_cursor(0)[1], ']] by regex ([LEAD]), not the stale outline (title at 4)')
  vim.fn.setreg('"', 'before')
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  vim.api.nvim_win_set_cursor(0, { 13, 0 })
  t.feed('yiq')
  t.eq('before', vim.fn.getreg('"'), 'yiq does nothing')
  t.feed('ciq<Cmd>lua vim.g.bl_mode = vim.api.nvim_get_mode().mode<CR>')
  t.eq('n', vim.g.bl_mode, 'ciq fails: no Insert mode')
  t.eq(tick, vim.api.nvim_buf_get_changedtick(buf), 'text untouched')
  t.match(state_pat, run('BulletinOutline'), ':BulletinOutline')
  t.eq(nil, (require('bulletin.outline').win()), 'no outline window with a stale tree')
  t.match(state_pat, run('BulletinQuotes'), ':BulletinQuotes')
  t.match(state_pat, run('BulletinLint'), ':BulletinLint')
end

t.test('a refused buffer: the stale outline is not used', function()
  helper.stop()
  require('bulletin').setup({ cmd = t.bin })
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zR')
  helper._on_push({ buf = buf, refused = true,
    error = 'bulletin: buffer ' .. buf .. " has more than 1000000 lines (the helper's limit); syntax highlighting only for it" })
  vim.wait(50)
  t.ok(require('bulletin.buffer').refused(buf), 'refused')
  stale_outline_unused(buf, 'refused this buffer as too big')
end)

t.test('the helper stopped after serving the buffer: the stale outline is not used', function()
  require('bulletin').setup({ cmd = t.bin })
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zR')
  helper.stop()
  stale_outline_unused(buf, 'the helper is not running')
  vim.cmd('BulletinRestart')
  t.ok(require('bulletin').wait(buf, 5000), 'served again')
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  t.feed(']]')
  t.eq(4, vim.api.nvim_win_get_cursor(0)[1], ']] by the outline again')
end)

t.finish()
