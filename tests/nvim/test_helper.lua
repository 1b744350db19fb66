-- Helper lifecycle: killed -> restarted; missing or too old -> syntax only,
-- with one message.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
vim.env.STUB_PROTOCOL = tostring(require('bulletin.helper').PROTOCOL) -- what the plugin needs
-- Highlights are drawn by a decoration provider from the plugin's span
-- cache (no stored extmarks since issue 7): read what it draws.
t.marks = function(buf, line)
  return require('bulletin.highlight').marks(buf, line)
end
local helper = require('bulletin.helper')

local messages = {}
local notify = vim.notify
vim.notify = function(msg, level, opts)
  messages[#messages + 1] = msg
  return notify(msg, level, opts)
end

local function bulletin_messages()
  local r = {}
  for _, m in ipairs(messages) do
    if m:find('^bulletin:') then
      r[#r + 1] = m
    end
  end
  return r
end

t.test('helper killed: restarted, decorations back', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local pid = helper.job_pid
  t.ok(pid and pid > 0, 'helper pid')
  vim.loop.kill(pid, 'sigkill')
  t.wait_for(5000, function()
    return helper.status == 'running' and helper.job_pid ~= pid
  end, 'a new helper')
  -- an edit after the restart is decorated by the new helper
  vim.api.nvim_buf_set_lines(buf, 15, 16, false, { 'Choi Ji-woo / Trade Minister', 'We will meet again soon.' })
  t.ok(require('bulletin').wait(buf, 5000), 'results from the new helper')
  t.eq('bulletinSpeaker', t.group_at(buf, 15, 0))
  t.eq(2, vim.fn.foldlevel(10))
  t.eq('expr', vim.wo.foldmethod)
  t.eq({}, bulletin_messages(), 'no message for one restart')
end)

t.test('jobstop: restarted too', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local chan = helper.chan
  -- wipe the decorations: only the new helper can bring them back
  vim.api.nvim_buf_clear_namespace(buf, vim.api.nvim_create_namespace('bulletin'), 0, -1)
  vim.fn.jobstop(chan)
  t.wait_for(5000, function()
    return helper.status == 'running' and helper.chan ~= chan
  end, 'a new helper')
  t.wait_for(5000, function()
    return t.group_at(buf, 11, 0) ~= nil
  end, 'decorations from the new helper')
  t.eq('bulletinSpeaker', t.group_at(buf, 11, 0), 'speaker decorated again')
  t.ok(require('bulletin').wait(buf, 5000), 'in sync')
end)

t.test('helper missing: syntax-only, one message', function()
  helper.stop()
  messages = {}
  require('bulletin').setup({ cmd = '/nonexistent' })
  t.edit(t.tmpcopy(t.sample))
  local buf = vim.api.nvim_get_current_buf()
  t.edit(t.tmpcopy(t.fixtures .. '/unknown-tag.bulletin'))
  vim.wait(200)
  local msgs = bulletin_messages()
  t.eq(1, #msgs, 'messages: ' .. vim.inspect(msgs))
  t.match('^bulletin: helper not found: /nonexistent', msgs[1])
  t.eq('missing', helper.status)
  vim.cmd('buffer ' .. buf)
  t.eq('bulletin', vim.bo.syntax, 'regex syntax stays')
  t.ok(vim.wo.foldmethod ~= 'expr', 'no helper folds')
  t.eq({}, t.marks(buf, 11), 'no extmarks')
  -- motions fall back to search() and leave @/ alone
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  t.feed(']]')
  t.eq(6, vim.api.nvim_win_get_cursor(0)[1], ']] by regex')
  t.feed(']"')
  t.eq(12, vim.api.nvim_win_get_cursor(0)[1], ']" by regex')
  t.eq('untouched-search', vim.fn.getreg('/'))
  t.eq(false, require('bulletin').wait(buf, 50), 'wait() is false')
end)

t.test(':BulletinRestart after fixing the path', function()
  require('bulletin').setup({ cmd = t.bin })
  local buf = t.open(t.tmpcopy(t.sample))
  t.eq('running', helper.status)
  t.eq('bulletinSpeaker', t.group_at(buf, 11, 0))
  helper.stop()
  vim.cmd('BulletinRestart')
  -- the handshake is answered without blocking (test_handshake.lua)
  t.eq('running', helper.wait_started(5000))
  t.ok(require('bulletin').wait(buf, 5000), 'attached again')
end)

t.test('helper too old: syntax-only, one message', function()
  helper.stop()
  messages = {}
  vim.env.STUB_PROTOCOL = '0'
  require('bulletin').setup({ cmd = { '/usr/bin/python3', t.root .. '/tests/nvim/fixtures/stub_helper.py', 'rpc' } })
  t.edit(t.tmpcopy(t.sample))
  t.edit(t.tmpcopy(t.sample, 'other.bulletin'))
  helper.wait_started(5000) -- the handshake is answered without blocking :edit
  vim.wait(200)
  local msgs = bulletin_messages()
  t.eq(1, #msgs, 'messages: ' .. vim.inspect(msgs))
  t.match('too old %(protocol 0, need 5%)', msgs[1])
  t.eq('old', helper.status)
  t.eq('bulletin', vim.bo.syntax)
  vim.env.STUB_PROTOCOL = tostring(require('bulletin.helper').PROTOCOL)
end)

t.test('a helper that never answers the handshake: killed, one message', function()
  helper.stop()
  messages = {}
  vim.env.STUB_HANG = '1'
  helper.HANDSHAKE_MS = 500
  require('bulletin').setup({ cmd = { '/usr/bin/python3', t.root .. '/tests/nvim/fixtures/stub_helper.py', 'rpc', 'hang' } })
  local t0 = vim.loop.hrtime()
  local buf = t.edit(t.tmpcopy(t.sample))
  helper.wait_started(5000) -- the handshake is answered without blocking :edit
  local secs = (vim.loop.hrtime() - t0) / 1e9
  vim.env.STUB_HANG = nil
  helper.HANDSHAKE_MS = 3000
  t.ok(secs < 3, 'gave up after ' .. secs .. ' s')
  vim.wait(100)
  local msgs = bulletin_messages()
  t.eq(1, #msgs, 'messages: ' .. vim.inspect(msgs))
  t.match('did not answer the version handshake', msgs[1])
  t.eq('bulletin', vim.bo[buf].syntax)
end)

t.test('a helper that keeps dying: restarts with backoff, then one message', function()
  helper.stop()
  messages = {}
  vim.env.STUB_DIE_ON_ATTACH = '1'
  vim.defer_fn(function()
    vim.env.STUB_DIE_ON_ATTACH = nil -- even when the test fails
  end, 10000)
  require('bulletin').setup({ cmd = { '/usr/bin/python3', t.root .. '/tests/nvim/fixtures/stub_helper.py', 'rpc' } })
  local buf = t.edit(t.tmpcopy(t.sample))
  local t0 = vim.loop.hrtime()
  t.wait_for(15000, function()
    return helper.status == 'failed'
  end, 'the plugin to give up')
  local secs = (vim.loop.hrtime() - t0) / 1e9
  t.ok(secs > 0.5, 'backoff between restarts (' .. secs .. ' s)')
  vim.wait(200)
  local msgs = bulletin_messages()
  t.eq(1, #msgs, 'messages: ' .. vim.inspect(msgs))
  t.match('^bulletin: helper keeps exiting %(status 3%)', msgs[1])
  t.eq('bulletin', vim.bo[buf].syntax, 'regex syntax')
  vim.env.STUB_DIE_ON_ATTACH = nil
end)

t.test('the helper gets attach, saved and detach', function()
  helper.stop()
  local log = vim.fn.tempname()
  vim.env.STUB_LOG = log
  require('bulletin').setup({ cmd = { '/usr/bin/python3', t.root .. '/tests/nvim/fixtures/stub_helper.py', 'rpc' } })
  vim.cmd('BulletinRestart')
  t.edit(t.tmpcopy(t.sample))
  vim.cmd('silent write')
  vim.cmd('bdelete')
  t.wait_for(2000, function()
    return vim.fn.filereadable(log) == 1 and vim.tbl_contains(vim.fn.readfile(log), 'bulletin_detach')
  end, 'detach')
  t.eq({ 'bulletin_hello', 'bulletin_config', 'bulletin_attach', 'bulletin_saved', 'bulletin_detach' },
    vim.fn.readfile(log))
  vim.env.STUB_LOG = nil
end)

t.finish()
