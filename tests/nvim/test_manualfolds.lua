-- Manual folds (big buffers, issue 7 targets): the folds built from the
-- cache are exactly those 'foldexpr' gives, after the first push, after
-- edits (Normal and Insert mode), undo and :edit!, and the user's closed
-- folds stay closed. The size threshold is lowered so that the sample
-- takes that path.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local E = dofile(t.root .. '/tests/nvim/expected.lua')
local manualfolds = require('bulletin.manualfolds')
local state = require('bulletin.state')
local buffer = require('bulletin.buffer')

manualfolds.MANUAL_MIN = 0

local function synced(buf, ms)
  return vim.wait(ms or 5000, function()
    return buffer.synced(buf)
  end, 5)
end

-- The fold structure of the current window: at each 'foldlevel' 0..3,
-- every line's foldclosed()/foldclosedend() with all folds reset to the
-- level; then 'foldlevel' and the open/closed state are put back.
local function structure()
  local n = vim.api.nvim_buf_line_count(0)
  local fdl, fml = vim.wo.foldlevel, vim.wo.foldminlines
  vim.cmd('setlocal foldminlines=0')
  local out = {}
  for lv = 0, 3 do
    vim.cmd('setlocal foldlevel=' .. lv)
    local row = {}
    for l = 1, n do
      row[l] = vim.fn.foldclosed(l) .. ':' .. vim.fn.foldclosedend(l)
    end
    out[#out + 1] = table.concat(row, ' ')
  end
  vim.cmd('setlocal foldlevel=' .. fdl)
  vim.cmd('setlocal foldminlines=' .. fml)
  return out
end

-- What 'foldexpr' makes of the cached values, in a scratch split of the
-- same buffer (folds are per window).
local function expr_structure(buf)
  local win = vim.api.nvim_get_current_win()
  vim.cmd('split')
  vim.cmd('setlocal foldmethod=expr foldexpr=' .. "v:lua.require'bulletin.folds'.expr(v:lnum," .. buf .. ')')
  local s = structure()
  vim.cmd('close')
  vim.api.nvim_set_current_win(win)
  return s
end

local function same_folds(buf, what)
  t.ok(synced(buf), what .. ': synced')
  t.eq('manual', vim.wo.foldmethod, what .. ': manual folds')
  local st = state.get(buf)
  t.eq(vim.api.nvim_buf_line_count(buf), #st.folds, what .. ': cache length')
  local want = expr_structure(buf)
  local got = structure()
  for lv = 1, 4 do
    local w, g = vim.split(want[lv], ' '), vim.split(got[lv], ' ')
    local bad
    for l = 1, math.max(#w, #g) do
      if w[l] ~= g[l] then
        bad = string.format('line %d: foldclosed:foldclosedend %s, expr folds give %s', l,
          tostring(g[l]), tostring(w[l]))
        break
      end
    end
    t.eq(nil, bad, what .. ': folds at foldlevel ' .. (lv - 1))
  end
end

t.test('manual folds of the sample are the expr folds', function()
  local buf = t.open(t.tmpcopy(t.sample))
  t.ok(synced(buf), 'synced')
  t.eq('manual', vim.wo.foldmethod)
  local got = {}
  for l = 1, #E.levels do
    got[l] = vim.fn.foldlevel(l)
  end
  t.eq(table.concat(E.levels, ''), table.concat(got, ''), 'foldlevel() of lines 1..55')
  same_folds(buf, 'opened')
  t.eq(4, vim.fn.foldclosed(5), "foldlevel 0: story 1 closed")
end)

t.test('manual folds follow edits, undo and :edit!', function()
  local buf = t.open(t.tmpcopy(t.sample))
  t.ok(synced(buf), 'synced')
  vim.cmd('normal! zR')
  -- a new [REPORT] section inside story 1 (Normal-mode commands)
  vim.api.nvim_win_set_cursor(0, { 13, 0 })
  t.feed('o<CR>[REPORT]<Esc>')
  same_folds(buf, 'new section')
  t.eq(15, vim.fn.foldclosed(16) == -1 and 15 or -2, 'line 16 open (zR kept)')
  -- the tag line deleted again: the sections merge
  t.feed('dd')
  same_folds(buf, 'tag deleted')
  -- a story title removed: two stories become one
  vim.api.nvim_buf_set_lines(buf, 25, 26, false, {})
  same_folds(buf, 'title deleted')
  t.feed('u')
  same_folds(buf, 'undo')
  t.feed('u')
  same_folds(buf, 'undo twice')
  vim.cmd('redo')
  same_folds(buf, 'redo')
  vim.cmd('silent edit!')
  same_folds(buf, ':edit!')
  -- lines pasted at the top, and deleted
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '1. A New Story', '', '[LEAD]', 'Text.', '' })
  same_folds(buf, 'story pasted at the top')
  vim.api.nvim_buf_set_lines(buf, 0, 5, false, {})
  same_folds(buf, 'and deleted')
end)

t.test('manual folds: an edit in Insert mode is folded when it is left', function()
  local buf = t.open(t.tmpcopy(t.sample))
  t.ok(synced(buf), 'synced')
  vim.cmd('normal! zR')
  vim.api.nvim_win_set_cursor(0, { 13, 0 })
  -- Insert mode kept while the push arrives (no <Esc> yet)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('o<CR>[REPORT]', true, false, true), 'nt', false)
  vim.wait(300, function()
    return false
  end)
  t.feed('<Esc>')
  vim.wait(200, function()
    return false
  end)
  same_folds(buf, 'after Insert mode')
  vim.cmd('setlocal foldlevel=1')
  t.eq(15, vim.fn.foldclosed(16), 'line 16 in the new [REPORT] fold')
end)

t.test('manual folds: closed folds stay closed across edits', function()
  local buf = t.open(t.tmpcopy(t.sample))
  t.ok(synced(buf), 'synced')
  vim.cmd('normal! zR')
  vim.cmd('47foldclose') -- [REPORT] of story 3
  t.eq(46, vim.fn.foldclosed(47))
  vim.cmd('9foldclose') -- [REPORT] of story 1, the edit's own story
  t.eq(9, vim.fn.foldclosed(10))
  vim.api.nvim_win_set_cursor(0, { 5, 0 })
  t.feed('oA new sentence in the first lead.<Esc>')
  t.ok(synced(buf), 'results for the edit')
  t.eq(47, vim.fn.foldclosed(48), 'story 3 report still closed, one line down')
  t.eq(10, vim.fn.foldclosed(11), 'story 1 report still closed, one line down')
  t.eq(-1, vim.fn.foldclosed(6), 'story 1 lead open')
  t.eq(-1, vim.fn.foldclosed(4), 'story 1 open')
  vim.cmd('normal! zR')
  same_folds(buf, 'after the edit')
end)

t.test('manual folds in a split and after :buffer', function()
  local buf = t.open(t.tmpcopy(t.sample))
  t.ok(synced(buf), 'synced')
  vim.cmd('split')
  vim.api.nvim_win_set_cursor(0, { 13, 0 })
  t.feed('o<CR>[REPORT]<Esc>')
  same_folds(buf, 'split, edited')
  vim.cmd('wincmd p')
  same_folds(buf, 'the other window')
  vim.cmd('only')
  vim.cmd('enew')
  vim.cmd('buffer ' .. buf)
  same_folds(buf, 'shown again')
end)

t.test('manual folds: a big bulletin is built in slices', function()
  local sample = vim.fn.readfile(t.sample)
  local out = {}
  while #out < 20000 do
    for i = 4, #sample do
      out[#out + 1] = sample[i]
    end
  end
  local path = vim.fn.tempname() .. '.bulletin'
  vim.fn.writefile(out, path)
  local turns, timer = 0, vim.loop.new_timer()
  local st
  timer:start(1, 1, vim.schedule_wrap(function()
    st = st or state.get(vim.api.nvim_get_current_buf())
    if st and manualfolds.building(st) then
      turns = turns + 1
    end
  end))
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  t.ok(synced(buf, 10000), 'synced once built')
  timer:stop()
  timer:close()
  t.ok(turns >= 2, 'the main loop ran while folds were built: ' .. turns)
  same_folds(buf, 'big file')
  vim.api.nvim_win_set_cursor(0, { 10000, 0 })
  t.feed('O[REPORT]<Esc>')
  same_folds(buf, 'big file edited')
end)

t.test('manual folds: lines opened or split everywhere fold as expr folds do', function()
  local buf = t.open(t.tmpcopy(t.sample))
  t.ok(synced(buf), 'synced')
  local n = vim.api.nvim_buf_line_count(buf)
  -- every line: split it in the middle, then open a line below and above it
  for l = 1, n, 2 do
    vim.api.nvim_win_set_cursor(0, { l, 3 })
    t.feed('i<CR><Esc>')
    same_folds(buf, 'line ' .. l .. ' split')
    vim.api.nvim_win_set_cursor(0, { l, 0 })
    t.feed('oxx<Esc>')
    same_folds(buf, 'line opened below ' .. l)
    t.feed('Oyy<Esc>')
    same_folds(buf, 'line opened above ' .. (l + 1))
    vim.cmd('silent edit!')
    t.ok(synced(buf), 'synced after :edit!')
  end
end)

t.finish()
