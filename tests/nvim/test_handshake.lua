-- The first bulletin never blocks the UI on the helper's version handshake.
--
-- A child Neovim (`--embed`, driven over msgpack-RPC as a UI drives it) opens
-- a bulletin while its helper is slow to start: the real build/bulletin
-- behind a wrapper that waits for a gate file before it execs. While the
-- gate is shut the child must open the buffer, answer requests and process
-- typed input; once the gate opens, the helper's view (outline, folds) must
-- arrive and cover the text typed meanwhile. Waiting on a gate instead of a
-- sleep keeps the test free of timing: the helper cannot be ready before
-- the test says so.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local E = dofile(t.root .. '/tests/nvim/expected.lua')

local function start_child()
  local child = vim.fn.jobstart({ vim.v.progpath, '--embed', '--headless', '-i', 'NONE', '-n',
    '-u', t.root .. '/tests/nvim/minimal_init.vim' }, { rpc = true })
  t.ok(child > 0, 'child Neovim started')
  return child
end

-- Runs Lua in the child and returns its result.
local function lua(child, code, ...)
  return vim.rpcrequest(child, 'nvim_exec_lua', code, { ... })
end

t.test('a helper slow to answer its handshake: the buffer opens and takes input meanwhile, then the view arrives',
  function()
    local gate = vim.fn.tempname()
    local child = start_child()
    local ok, err = pcall(function()
      -- 10 s: the old blocking handshake gives up (and the test fails) then;
      -- the steps before the gate opens take a fraction of it
      lua(child, [[
        require('bulletin.helper').HANDSHAKE_MS = 10000
        require('bulletin').setup({ cmd = ... })
      ]], { '/bin/sh', '-c', 'while [ ! -e "$1" ]; do sleep 0.02; done; exec "$2" rpc', 'slow-helper', gate, t.bin })
      local path = t.tmpcopy(t.sample)
      -- returns once the buffer is open: the handshake must not hold it
      vim.rpcrequest(child, 'nvim_command', 'edit ' .. vim.fn.fnameescape(path))
      local s = lua(child, [[
        return { status = require('bulletin.helper').status, ft = vim.bo.filetype,
          n = vim.api.nvim_buf_line_count(0), outline = #require('bulletin').outline(0) }
      ]])
      t.eq({ status = 'starting', ft = 'bulletin', n = #vim.fn.readfile(path), outline = 0 }, s,
        'after :edit, with the helper not ready')
      -- typed input is processed while the helper is still not ready
      -- (a blank line above the header: the stories keep their shape)
      vim.rpcrequest(child, 'nvim_input', 'ggO<Esc>')
      t.wait_for(5000, function()
        return vim.rpcrequest(child, 'nvim_buf_line_count', 0) == s.n + 1
      end, 'the typed line')
      t.eq({ '' }, vim.rpcrequest(child, 'nvim_buf_get_lines', 0, 0, 1, false), 'the typed line')
      t.eq('starting', lua(child, "return require('bulletin.helper').status"), 'helper still not ready after the input')
      -- the helper becomes ready: its view of the edited text arrives
      vim.fn.writefile({}, gate)
      t.wait_for(10000, function()
        return lua(child, "return require('bulletin').wait(0, 50)") == true
      end, 'the helper results for the edited buffer')
      t.eq('running', lua(child, "return require('bulletin.helper').status"))
      local got = lua(child, [[
        local r = {}
        for _, it in ipairs(require('bulletin').outline(0)) do
          r[#r + 1] = it.kind .. ':' .. it.line .. '-' .. it.end_line
        end
        return r
      ]])
      local want = {}
      for _, it in ipairs(E.items) do
        want[#want + 1] = it.kind .. ':' .. (it.line + 1) .. '-' .. (it.end_line + 1) -- below the new line
      end
      t.eq(want, got, 'outline of the buffer with the typed line')
      -- folds from the helper: story 1 now starts on line 5
      t.eq({ 0, 1, 'expr' }, lua(child, 'return { vim.fn.foldlevel(1), vim.fn.foldlevel(5), vim.wo.foldmethod }'),
        'folds of the edited buffer')
    end)
    vim.fn.writefile({}, gate) -- never leave a wrapper waiting
    vim.fn.jobstop(child)
    vim.fn.delete(gate)
    if not ok then
      error(err, 0)
    end
  end)

t.finish()
