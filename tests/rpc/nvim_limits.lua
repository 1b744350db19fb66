-- Real-Neovim test of the helper's limits (protocol 2, item 9; issue 7,
-- defect 7), run by tests/rpc/test_rpc.py:
--   nvim --headless -u NONE -i NONE -n -c 'luafile tests/rpc/nvim_limits.lua'
-- Environment: BULLETIN_BIN (the executable).
--
-- Two buffers are attached; one is filled with 2,000,000 empty lines. The
-- helper must refuse that buffer alone (a push with refused = true and an
-- error naming the limit, a detach that Neovim carries out), stay up, and
-- keep pushing for the other buffer. Prints "OK ..." on success.

local api = vim.api
local bin = assert(os.getenv('BULLETIN_BIN'), 'BULLETIN_BIN')

local pushes, errors = {}, {}
package.loaded['bulletin.helper'] = {
  _on_push = function(p)
    pushes[#pushes + 1] = p
    return true
  end,
  _on_error = function(m)
    errors[#errors + 1] = m
    return true
  end,
}

local function fail(msg)
  error(msg, 0)
end

local function wait_push(pred, what)
  local found
  local ok = vim.wait(20000, function()
    for _, p in ipairs(pushes) do
      if pred(p) then
        found = p
        return true
      end
    end
    return false
  end, 10)
  if not ok then
    fail('no push: ' .. what .. '; errors: ' .. vim.inspect(errors))
  end
  return found
end

local function main()
  local exit_code
  local chan = vim.fn.jobstart({ bin, 'rpc' }, {
    rpc = true,
    on_exit = function(_, code)
      exit_code = code
    end,
  })
  assert(chan > 0, 'jobstart failed')
  local v = vim.rpcrequest(chan, 'bulletin_version')
  assert(v.protocol == 5, 'protocol ' .. tostring(v.protocol))

  local small = api.nvim_create_buf(true, false)
  api.nvim_buf_set_lines(small, 0, -1, true, { '1. A STORY', '', '[LEAD]', 'Text.' })
  local big = api.nvim_create_buf(true, false)
  api.nvim_buf_set_lines(big, 0, -1, true, { '[LEAD]', 'x' })
  vim.rpcnotify(chan, 'bulletin_attach', small)
  vim.rpcnotify(chan, 'bulletin_attach', big)
  wait_push(function(p)
    return p.buf == small and p.outline
  end, 'first push of the small buffer')
  wait_push(function(p)
    return p.buf == big and p.outline
  end, 'first push of the big buffer')

  local empty = {}
  for i = 1, 2000000 do
    empty[i] = ''
  end
  api.nvim_buf_set_lines(big, 0, -1, true, empty)
  local r = wait_push(function(p)
    return p.buf == big and p.refused == true
  end, 'refusal of the big buffer')
  if type(r.error) ~= 'string' or not r.error:find('1000000 lines', 1, true) then
    fail('refusal does not name the limit: ' .. vim.inspect(r))
  end

  -- The small buffer is still served.
  api.nvim_buf_set_lines(small, 4, 4, true, { '[REPORT]', 'More.' })
  local tick = api.nvim_buf_get_changedtick(small)
  wait_push(function(p)
    return p.buf == small and p.tick == tick and p.splice
  end, 'push for the small buffer after the refusal')
  local out = vim.rpcrequest(chan, 'bulletin_outline', small)
  if #out.items ~= 3 then
    fail('outline of the small buffer: ' .. vim.inspect(out))
  end
  -- The big buffer is detached (Neovim sends it no more events) and
  -- forgotten by the helper.
  local ok, err = pcall(vim.rpcrequest, chan, 'bulletin_outline', big)
  if ok or not tostring(err):find('is not attached', 1, true) then
    fail('big buffer still attached: ' .. tostring(err))
  end
  api.nvim_buf_set_lines(big, 0, 0, true, { 'after' })
  vim.wait(200)
  for _, p in ipairs(pushes) do
    if p.buf == big and not p.refused and p.tick == api.nvim_buf_get_changedtick(big) then
      fail('a push for the refused buffer after the refusal')
    end
  end
  if exit_code ~= nil or #errors > 0 then
    fail('helper stopped: exit ' .. tostring(exit_code) .. ' ' .. vim.inspect(errors))
  end
  vim.fn.chanclose(chan)
  vim.wait(5000, function()
    return exit_code ~= nil
  end, 10)
  io.stdout:write(string.format('OK refused with %q; exit %s\n', r.error, tostring(exit_code)))
end

local ok, err = pcall(main)
if not ok then
  io.stdout:write('FAIL ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
vim.cmd('qall!')
