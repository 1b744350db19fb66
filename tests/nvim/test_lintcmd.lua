-- :BulletinLint lints the buffer as it is now, saved or not, by
-- notification with a deadline: never a blocking request (issue 7,
-- defects 3 and 11).
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local helper = require('bulletin.helper')
local uv = vim.uv or vim.loop

local notes = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  notes[#notes + 1] = msg
  return orig_notify(msg, level, opts)
end

local function qf_codes()
  local r = {}
  for _, e in ipairs(vim.fn.getqflist()) do
    r[#r + 1] = e.lnum .. ' ' .. (e.text:match('^%[([%w-]+)%]') or e.text)
  end
  return r
end

t.test(':BulletinLint lints the unsaved text, not the last save', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('silent write')
  t.ok(require('bulletin').wait(buf, 5000), 'in sync after :write')
  vim.cmd('BulletinLint')
  t.eq({}, qf_codes(), 'the saved sample is clean')
  -- an unknown tag, not saved
  vim.api.nvim_buf_set_lines(buf, 45, 46, false, { '[REPROT]' })
  t.eq(true, vim.bo[buf].modified)
  vim.cmd('BulletinLint')
  t.eq({ '46 unknown-tag' }, qf_codes(), 'the unsaved text linted')
  t.eq(true, vim.bo[buf].modified, 'not saved by :BulletinLint')
  t.eq(buf, vim.api.nvim_get_current_buf(), 'the cursor stays in the bulletin')
  -- and fixed again, still unsaved
  vim.api.nvim_buf_set_lines(buf, 45, 46, false, { '[REPORT]' })
  notes = {}
  vim.cmd('BulletinLint')
  t.eq({}, qf_codes(), 'fixed text: no problem')
  t.match('no lint problems', table.concat(notes, '\n'))
end)

t.test(':BulletinLint with a stopped helper gives up at its deadline', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local pid = helper.job_pid
  t.ok(pid and pid > 0, 'helper pid')
  local bulletin = require('bulletin')
  local saved = bulletin.LINT_TIMEOUT_MS
  bulletin.LINT_TIMEOUT_MS = 300
  uv.kill(pid, 'sigstop')
  -- whatever happens, the helper runs again after 3 s
  local cont = uv.new_timer()
  cont:start(3000, 0, function()
    uv.kill(pid, 'sigcont')
  end)
  notes = {}
  local t0 = uv.hrtime()
  vim.cmd('BulletinLint')
  local secs = (uv.hrtime() - t0) / 1e9
  uv.kill(pid, 'sigcont')
  cont:stop()
  cont:close()
  bulletin.LINT_TIMEOUT_MS = saved
  t.ok(secs < 2, ':BulletinLint returned at its deadline, not when the helper answered (' .. secs .. ' s)')
  t.match('no lint results within 300 ms', table.concat(notes, '\n'))
  t.ok(bulletin.wait(buf, 5000), 'in sync once the helper runs again')
  vim.cmd('BulletinLint')
  t.eq({}, qf_codes(), 'lints again')
end)

t.test(':BulletinLint without the helper says so', function()
  helper.stop()
  require('bulletin').setup({ cmd = '/nonexistent/bulletin' })
  t.edit(t.tmpcopy(t.sample))
  vim.wait(50)
  notes = {}
  vim.cmd('BulletinLint')
  local msg = table.concat(notes, '\n')
  t.match('cannot lint: the helper is missing', msg)
  t.match(':BulletinRestart', msg)
  require('bulletin').setup({})
end)

t.finish()
