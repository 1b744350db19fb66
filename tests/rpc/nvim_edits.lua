-- Real-Neovim test of `bulletin rpc` (run by tests/rpc/test_rpc.py):
--   nvim --headless -u NONE -i NONE -n -c 'luafile tests/rpc/nvim_edits.lua'
-- Environment: BULLETIN_BIN (the executable), BULLETIN_SEED, BULLETIN_FIXTURE,
-- BULLETIN_EDITS (default 1000).
--
-- Neovim starts the helper with jobstart({bin, 'rpc'}, {rpc = true}); the
-- plugin's Lua side is stubbed to record pushes. After each random edit
-- (inserts, deletes, joins, in-line text, undo, redo) the helper's outline
-- must equal `bulletin outline --format json` of the buffer's text. At the
-- end, the folds and highlights rebuilt from the pushes alone must equal
-- what the helper answers for the whole buffer.

local api = vim.api
-- the plugin's decoder of outline items as pushes carry them (not on
-- 'runtimepath' here: -u NONE)
local wire = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')
  .. '/lua/bulletin/wire.lua')
-- A push's items (protocol 4: a bin, handed over as a string) as maps.
local function plain_items(bin)
  assert(type(bin) == 'string', 'items not a bin: ' .. type(bin))
  local items = assert(wire.decode(bin))
  for i, it in ipairs(items) do
    items[i] = wire.plain(it)
  end
  return items
end
local bin = assert(os.getenv('BULLETIN_BIN'), 'BULLETIN_BIN')
local seed = tonumber(os.getenv('BULLETIN_SEED') or '1')
local fixture = assert(os.getenv('BULLETIN_FIXTURE'), 'BULLETIN_FIXTURE')
local nedits = tonumber(os.getenv('BULLETIN_EDITS') or '1000')

local function say(s)
  io.stdout:write(s .. '\n')
end

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

local snippets = {
  '[LEAD]', '[REPORT]', '[Soundbite]', '[Anchor Lead]', '[Pkg]', '[Reprot]', 'Anchor:',
  '', '', '', 'Body text that runs on for a while.', 'Short line', 'Another sentence here.',
  'Kim Ji-ho / Reporter, Seoul Bureau', 'Mina Park (Engineer): "We are done."',
  '[Soundbite] Daniel Cho (Cafe Owner) : "Busy morning."', '3. A Numbered Story Title',
  'ALL CAPS HEADLINE WORDS', ' date 2025-03-14 News Today', '입력 2025.03.14 (19:05)',
  '"Quoted speech on its own line."', 'Home > News > Politics', '[Sound bite: Ann Lee - Mayor]',
}
local words = { 'news ', '[LEAD] ', 'Kim / ', ': "', '" ', '(Role) ', '2. ', 'X' }

local function rnd(a, b)
  return math.random(a, b)
end

local buf, chan, tmp

-- One random edit through the API or Ex commands; each is its own undo step.
local function random_edit()
  local n = api.nvim_buf_line_count(buf)
  local r = rnd(1, 100)
  if r <= 25 then
    local at = rnd(0, n)
    local new = {}
    for i = 1, rnd(1, 3) do
      new[i] = snippets[rnd(1, #snippets)]
    end
    api.nvim_buf_set_lines(buf, at, at, true, new)
  elseif r <= 42 then
    local a = rnd(0, n - 1)
    api.nvim_buf_set_lines(buf, a, math.min(n, a + rnd(1, 3)), true, {})
  elseif r <= 54 then
    if n > 1 then
      vim.cmd(rnd(1, n - 1) .. 'join')
    end
  elseif r <= 70 then
    -- text inside a line, at a byte column that starts a character
    local l = rnd(0, n - 1)
    local line = api.nvim_buf_get_lines(buf, l, l + 1, true)[1]
    local col = 0
    if #line > 0 then
      local cands = { 0, #line }
      for i = 1, #line do
        local b = line:byte(i)
        if b < 0x80 or b >= 0xC0 then
          cands[#cands + 1] = i - 1
        end
      end
      col = cands[rnd(1, #cands)]
    end
    api.nvim_buf_set_text(buf, l, col, l, col, { words[rnd(1, #words)] })
  elseif r <= 78 then
    -- split a line in two
    local l = rnd(0, n - 1)
    local line = api.nvim_buf_get_lines(buf, l, l + 1, true)[1]
    local col = 0
    for i = #line, 1, -1 do
      if line:sub(i, i) == ' ' and rnd(1, 2) == 1 then
        col = i
        break
      end
    end
    api.nvim_buf_set_text(buf, l, col, l, col, { '', '' })
  elseif r <= 90 then
    vim.cmd('silent! undo')
  elseif r <= 95 then
    vim.cmd('silent! redo')
  else
    -- replace one line
    local a = rnd(0, n - 1)
    api.nvim_buf_set_lines(buf, a, a + 1, true, { snippets[rnd(1, #snippets)] })
  end
  vim.o.undolevels = vim.o.undolevels -- close the undo step
end

local function cli_outline(lines)
  -- Every line ends with "\n" (no 'b'): a last empty line is a line for
  -- the CLI too, as it is for the buffer.
  vim.fn.writefile(lines, tmp)
  local out = vim.fn.system({ bin, 'outline', '--format', 'json', tmp })
  assert(vim.v.shell_error == 0, 'bulletin outline failed: ' .. out)
  local d = vim.fn.json_decode(out)
  for _, it in ipairs(d.items) do
    it.seconds = nil -- the read time (issue 10): pushed apart, not in bulletin_outline
  end
  return { meta = d.meta, items = d.items }
end

local function fail(msg)
  error(msg, 0)
end

-- Protocol 2: quote items carry quote and quote_span besides the keys of
-- the outline JSON; a one-line quote_span holds exactly the quote text.
local function without_quote_keys(items, lines, step)
  local out = {}
  for i, it in ipairs(items) do
    local c = {}
    for k, v in pairs(it) do
      if k ~= 'quote' and k ~= 'quote_span' then
        c[k] = v
      end
    end
    local sp = it.quote_span
    if type(sp) == 'table' and sp[1] == sp[3] then
      local text = lines[sp[1] + 1]:sub(sp[2] + 1, sp[4]):gsub('\r$', '')
      if text ~= it.quote then
        fail(string.format('step %d: quote_span %s holds %q, quote is %q', step, vim.inspect(sp),
          text, tostring(it.quote)))
      end
    end
    out[i] = c
  end
  return out
end

local function check_outline(step, what)
  -- Neovim may send a change's lines event after a request made right
  -- after it (seen with :join): wait for the push of the buffer's tick
  -- (protocol 2: every tick the helper learns gets one).
  local tick = api.nvim_buf_get_changedtick(buf)
  vim.wait(5000, function()
    for i = #pushes, 1, -1 do
      local p = pushes[i]
      if p.buf == buf and p.tick ~= vim.NIL and p.tick >= tick then
        return true
      end
    end
    return false
  end, 1)
  local got = vim.rpcrequest(chan, 'bulletin_outline', buf)
  local lines = api.nvim_buf_get_lines(buf, 0, -1, true)
  local want = cli_outline(lines)
  local got_items = without_quote_keys(got.items, lines, step)
  if not vim.deep_equal(got.meta, want.meta) or not vim.deep_equal(got_items, want.items) then
    fail(string.format('step %d (%s): outline differs\nhelper: %s\ncli:    %s\ntext:\n%s', step,
      what, vim.inspect(got), vim.inspect(want), table.concat(lines, '\n')))
  end
end

-- Folds and spans per line, rebuilt from pushes alone.
local function replay_pushes()
  local folds, hl, outline, lasttick = {}, {}, nil, -1
  for _, p in ipairs(pushes) do
    if p.tick ~= vim.NIL then
      if p.tick < lasttick then
        fail('push ticks go backwards: ' .. p.tick .. ' after ' .. lasttick)
      end
      lasttick = p.tick
    end
    if p.splice then
      local first, old_last, new_last = p.splice[1], p.splice[2], p.splice[3]
      local nf, nh = {}, {}
      for i = 1, first do
        nf[i], nh[i] = folds[i], hl[i]
      end
      for i = first + 1, new_last do
        nf[i], nh[i] = false, false
      end
      for i = old_last + 1, #folds do
        nf[#nf + 1], nh[#nh + 1] = folds[i], hl[i]
      end
      folds, hl = nf, nh
      local f0, levels = p.folds[1], p.folds[2]
      for i, v in ipairs(levels) do
        folds[f0 + i] = v
      end
      -- protocol 5: the spans are a bin, handed over as a string
      assert(type(p.hl[3]) == 'string', 'spans not a bin: ' .. type(p.hl[3]))
      local h0, h1, spans = p.hl[1], p.hl[2], assert(wire.decode_spans(p.hl[3]))
      for i = h0 + 1, h1 do
        hl[i] = {}
      end
      for i = 1, #spans, 4 do
        table.insert(hl[spans[i] + 1], { spans[i + 1], spans[i + 2], spans[i + 3] })
      end
    end
    -- items come in the compact form of pushes (PROTOCOL.md "Outline
    -- items in pushes"): made into maps as the plugin does
    if p.outline then
      outline = p.outline
      outline.items = plain_items(outline.items)
    end
    if p.outline_splice then
      local sp = p.outline_splice
      sp.items = plain_items(sp.items)
      if not outline then
        fail('an outline_splice before any outline')
      end
      local items = {}
      for i = 1, sp.first do
        items[i] = outline.items[i]
      end
      for _, it in ipairs(sp.items) do
        items[#items + 1] = it
      end
      for i = sp.first + sp.removed + 1, #outline.items do
        local it = {} -- a copy (vim.deepcopy cannot copy vim.NIL on 0.7)
        for k, v in pairs(outline.items[i]) do
          it[k] = v
        end
        it.line, it.end_line = it.line + sp.shift, it.end_line + sp.shift
        if type(it.quote_line) == 'number' then
          it.quote_line = it.quote_line + sp.shift
        end
        if type(it.quote_span) == 'table' then
          local q = it.quote_span
          it.quote_span = { q[1] + sp.shift, q[2], q[3] + sp.shift, q[4] }
        end
        items[#items + 1] = it
      end
      outline = { meta = sp.meta, items = items }
    end
    if #folds ~= p.n then
      fail(string.format('push for tick %s: %d lines after splice, n = %d', tostring(p.tick),
        #folds, p.n))
    end
  end
  return folds, hl, outline, lasttick
end

local function main()
  math.randomseed(seed)
  say('seed ' .. seed)
  tmp = vim.fn.tempname() .. '.txt'
  buf = api.nvim_create_buf(true, false)
  api.nvim_set_current_buf(buf)
  vim.bo[buf].undolevels = -1
  api.nvim_buf_set_lines(buf, 0, -1, true, vim.fn.readfile(fixture))
  vim.bo[buf].undolevels = 1000

  local exit_code
  chan = vim.fn.jobstart({ bin, 'rpc' }, {
    rpc = true,
    on_exit = function(_, code)
      exit_code = code
    end,
  })
  assert(chan > 0, 'jobstart failed')
  local v = vim.rpcrequest(chan, 'bulletin_version')
  assert(v.protocol == 5, 'protocol ' .. tostring(v.protocol))
  vim.rpcnotify(chan, 'bulletin_attach', buf)
  if not vim.wait(5000, function()
    return #pushes > 0
  end, 5) then
    fail('no first push')
  end
  if pushes[1].splice[1] ~= 0 or pushes[1].splice[2] ~= 0 then
    fail('first push splice ' .. vim.inspect(pushes[1].splice))
  end
  check_outline(0, 'attach')

  local t0 = vim.loop.hrtime()
  for step = 1, nedits do
    random_edit()
    check_outline(step, 'random edit')
  end
  local elapsed = (vim.loop.hrtime() - t0) / 1e9

  -- A last real edit, then wait for its push.
  api.nvim_buf_set_lines(buf, 0, 0, true, { '[LEAD]' })
  local tick = api.nvim_buf_get_changedtick(buf)
  if not vim.wait(10000, function()
    local p = pushes[#pushes]
    return p and p.tick == tick
  end, 5) then
    fail('no push for the last tick ' .. tick)
  end
  local folds, hl, outline = replay_pushes()
  local want_folds = vim.rpcrequest(chan, 'bulletin_folds', buf)
  if not vim.deep_equal(folds, want_folds) then
    fail('folds rebuilt from pushes differ from bulletin_folds')
  end
  local flat = vim.rpcrequest(chan, 'bulletin_spans', buf, 0, -1)
  local want_hl = {}
  for i = 1, #want_folds do
    want_hl[i] = {}
  end
  for i = 1, #flat, 4 do
    table.insert(want_hl[flat[i] + 1], { flat[i + 1], flat[i + 2], flat[i + 3] })
  end
  if not vim.deep_equal(hl, want_hl) then
    fail('highlights rebuilt from pushes differ from bulletin_spans')
  end
  local final = vim.rpcrequest(chan, 'bulletin_outline', buf)
  if not vim.deep_equal(outline, final) then
    fail('last pushed outline differs from bulletin_outline')
  end
  if #errors > 0 then
    fail('helper errors: ' .. vim.inspect(errors))
  end

  -- :edit! detaches remote subscribers: the helper must re-attach and
  -- follow the reloaded text.
  local npush = #pushes
  local file = vim.fn.tempname() .. '.txt'
  vim.fn.writefile(vim.fn.readfile(fixture), file)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  buf = api.nvim_get_current_buf()
  vim.rpcnotify(chan, 'bulletin_attach', buf, { path = file })
  if not vim.wait(5000, function()
    local p = pushes[#pushes]
    return p and p.buf == buf
  end, 5) then
    fail('no push after attaching the file buffer')
  end
  api.nvim_buf_set_lines(buf, 0, 0, true, { 'UNSAVED LINE', '[LEAD]' })
  check_outline(nedits + 1, 'before :edit!')
  local before = #pushes
  vim.cmd('edit!')
  if not vim.wait(5000, function()
    for i = before + 1, #pushes do
      local p = pushes[i]
      if p.buf == buf and p.splice and p.splice[1] == 0 and p.n == #vim.fn.readfile(file) then
        return true
      end
    end
    return false
  end, 5) then
    fail(':edit! was not followed by a whole-buffer push')
  end
  check_outline(nedits + 2, 'after :edit!')
  api.nvim_buf_set_lines(buf, 3, 4, true, { '[REPORT]' })
  check_outline(nedits + 3, 'edit after :edit!')
  os.remove(file)
  vim.fn.chanclose(chan, 'rpc')
  if not vim.wait(3000, function()
    return exit_code ~= nil
  end, 5) then
    fail('helper did not exit within 3 s of EOF')
  end
  if exit_code ~= 0 then
    fail('helper exit code ' .. exit_code)
  end
  os.remove(tmp)
  say(string.format('OK %d edits, %d pushes, %d lines at the end, %.1f s, seed %d', nedits,
    npush, #want_folds, elapsed, seed))
end

local ok, err = pcall(main)
if not ok then
  say('FAIL (seed ' .. seed .. '): ' .. tostring(err))
  vim.cmd('cquit 1')
end
vim.cmd('qall!')
