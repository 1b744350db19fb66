-- The outline as aerial and vimtex users expect it (issue 10): the cursor on
-- the enclosing item, autojump, depth, filter, close-on-select, the
-- picker (:BulletinPick through vim.ui.select), times and running totals.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local E = dofile(t.root .. '/tests/nvim/expected.lua')
local outline = require('bulletin.outline')
local api = vim.api

local function lines_of()
  local win, obuf = outline.win()
  t.ok(win, 'outline window open')
  return api.nvim_buf_get_lines(obuf, 0, -1, false), win, obuf
end

local function row_of(lines, pat)
  for i, l in ipairs(lines) do
    if l:find(pat, 1, true) then
      return i
    end
  end
  error('no outline row with ' .. pat .. ' in ' .. vim.inspect(lines), 2)
end

-- Every test starts from the defaults: options, and a new tab page (depth
-- and filter belong to the tab page).
local function fresh()
  require('bulletin').setup({})
  vim.cmd('tabnew')
  vim.cmd('tabonly')
end

-- Opens the sample, the source cursor on line, and the outline beside it
-- (focus in the outline).
local function open_at(line, args)
  fresh()
  local buf = t.open(t.tmpcopy(t.sample))
  local src = api.nvim_get_current_win()
  api.nvim_win_set_cursor(src, { line, 0 })
  vim.cmd('BulletinOutline' .. (args and (' ' .. args) or ''))
  return buf, src
end

-- Moves the outline cursor to row as a user would (CursorMoved follows).
local function move_to(win, row)
  api.nvim_set_current_win(win)
  api.nvim_win_set_cursor(win, { row, 0 })
  vim.cmd('doautocmd <nomodeline> CursorMoved')
end

t.test('the outline opens with its cursor on the item around the source cursor', function()
  for _, case in ipairs({ { 50, 'Lee Ha-na' }, { 25, nil, 7 }, { 13, 'Kang Yu-jung' }, { 40, nil, 11 } }) do
    open_at(case[1])
    local lines, win = lines_of()
    t.eq(win, api.nvim_get_current_win(), 'focus in the outline')
    t.eq(case[3] or row_of(lines, case[2]), api.nvim_win_get_cursor(win)[1], 'source line ' .. case[1])
    outline.close()
  end
end)

-- The row of the deepest shown item around line, else of the last one
-- starting before it: the linear search the outline did before its binary
-- search, as the reference.
local function reference_row(rows, line)
  local best
  for row, it in ipairs(rows) do
    if it.line <= line and it.end_line >= line and (not best or it.line >= rows[best].line) then
      best = row
    end
  end
  if not best then
    for row, it in ipairs(rows) do
      if it.line <= line then
        best = row
      end
    end
  end
  return best
end

t.test('the outline follows every line to its item, at every depth and filter', function()
  local buf, src = open_at(1)
  local _, win = lines_of()
  vim.cmd('wincmd p')
  local n = api.nvim_buf_line_count(buf)
  for _, args in ipairs({ 'depth=3', 'depth=2', 'depth=1', 'depth=3 kind=section', 'kind=soundbite', 'kind= speaker=Park' }) do
    vim.cmd('BulletinOutline ' .. args)
    vim.cmd('wincmd p')
    local shown = require('bulletin.outline_filter').visible(require('bulletin').outline(buf),
      require('bulletin.outline_filter').settings_from(require('bulletin.outline_filter').parse_args(args)))
    for line = 1, n do
      api.nvim_win_set_cursor(src, { line, 0 })
      vim.cmd('doautocmd <nomodeline> CursorMoved')
      local want = reference_row(shown, line) or api.nvim_win_get_cursor(win)[1]
      t.eq(want, api.nvim_win_get_cursor(win)[1], args .. ', line ' .. line)
    end
  end
end)

t.test('autojump: moving in the outline moves and marks the source', function()
  local buf, src = open_at(2)
  local lines, win = lines_of()
  vim.cmd('doautocmd <nomodeline> CursorMoved')
  t.eq(2, api.nvim_win_get_cursor(src)[1], 'entering the outline moves nothing')
  move_to(win, row_of(lines, 'Kim Min-ji'))
  t.eq(30, api.nvim_win_get_cursor(src)[1], 'source cursor on the soundbite')
  t.eq(win, api.nvim_get_current_win(), 'focus stays in the outline')
  local ns = api.nvim_create_namespace('bulletin.outline.item')
  local marks = api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })
  t.eq(1, #marks, 'one mark in the source')
  t.eq({ 29, 0, 31, 0, 'bulletinOutlineItem' },
    { marks[1][2], marks[1][3], marks[1][4].end_row, marks[1][4].end_col, marks[1][4].hl_group }, 'lines 30-31 marked')
  move_to(win, row_of(lines, 'Heat Wave'))
  t.eq(22, api.nvim_win_get_cursor(src)[1], 'source cursor on the story')
  marks = api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })
  t.eq({ 21, 39 }, { marks[1][2], marks[1][4].end_row }, 'the story marked, the soundbite no more')
  move_to(win, row_of(lines, 'It feels like'))
  t.eq(55, api.nvim_win_get_cursor(src)[1], 'the last line of the buffer')
  marks = api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })
  t.eq({ 54, 54, #api.nvim_buf_get_lines(buf, 54, 55, true)[1] }, { marks[1][2], marks[1][4].end_row, marks[1][4].end_col },
    'marked to the end of the last line')
  vim.cmd('wincmd p')
  t.eq(src, api.nvim_get_current_win())
  t.eq({}, api.nvim_buf_get_extmarks(buf, ns, 0, -1, {}), 'the mark goes with the focus')
  t.feed('<C-o>')
  t.eq(2, t.cursor()[1], '<C-o> returns to where the cursor was before the outline moved it')
end)

t.test('autojump = false: moving in the outline leaves the source alone', function()
  fresh()
  require('bulletin').setup({ outline = { autojump = false } })
  local buf = t.open(t.tmpcopy(t.sample))
  local src = api.nvim_get_current_win()
  api.nvim_win_set_cursor(src, { 2, 0 })
  vim.cmd('BulletinOutline')
  local lines, win = lines_of()
  move_to(win, row_of(lines, 'Kim Min-ji'))
  t.eq(2, api.nvim_win_get_cursor(src)[1])
  t.eq({}, api.nvim_buf_get_extmarks(buf, api.nvim_create_namespace('bulletin.outline.item'), 0, -1, {}))
  require('bulletin').setup({})
end)

t.test('+ and - change the depth; the cursor stays on its item or its parent', function()
  open_at(13)
  local lines, win = lines_of()
  t.eq(#E.items, #lines)
  t.feed('-')
  lines = lines_of()
  t.eq({ 'Lee and Xi Hold First Phone Call', '  [LEAD]', '  [REPORT]', '2. Heat Wave Grips the Capital',
    '  [LEAD]', '  [REPORT]', 'LANTERN FESTIVAL RETURNS TO GYEONGJU', '  [LEAD]', '  [REPORT]' }, lines, 'depth 2')
  t.eq(3, api.nvim_win_get_cursor(win)[1], 'on [REPORT], around the soundbite it was on')
  t.feed('-')
  lines = lines_of()
  t.eq(3, #lines, 'depth 1: stories')
  t.eq(1, api.nvim_win_get_cursor(win)[1])
  t.feed('-')
  t.eq(3, #lines_of(), 'depth 1 is the least')
  t.feed('+')
  t.eq(9, #lines_of(), 'depth 2 again')
  t.feed('+')
  t.feed('+')
  t.eq(#E.items, #lines_of(), 'depth 3 is the most')
end)

t.test(':BulletinOutline depth=N opens or changes the outline', function()
  open_at(13, 'depth=1')
  local lines, win = lines_of()
  t.eq({ 'Lee and Xi Hold First Phone Call', '2. Heat Wave Grips the Capital', 'LANTERN FESTIVAL RETURNS TO GYEONGJU' },
    lines)
  t.eq(1, api.nvim_win_get_cursor(win)[1])
  vim.cmd('wincmd p')
  vim.cmd('BulletinOutline depth=2')
  t.eq(9, #lines_of())
  -- in the outline window, arguments change it (no toggle)
  vim.cmd('BulletinOutline depth=3')
  t.eq(#E.items, #lines_of())
  t.ok(api.nvim_win_is_valid(win), 'still open')
  local msgs = {}
  local notify = vim.notify
  vim.notify = function(m)
    msgs[#msgs + 1] = m
  end
  vim.cmd('BulletinOutline depth=4')
  vim.cmd('BulletinOutline colour=red')
  vim.notify = notify
  t.match('depth must be 1', msgs[1])
  t.match('unknown argument colour=red', msgs[2] or '')
  t.eq(#E.items, #lines_of(), 'a wrong argument changes nothing')
end)

t.test(':BulletinOutline speaker= and kind= filter the outline', function()
  open_at(4, 'speaker=kang')
  t.eq({ 'Lee and Xi Hold First Phone Call', '  [REPORT]', '    Kang Yu-jung: Both leaders agreed to work together…' },
    (lines_of()), 'the soundbite and its story and section')
  vim.cmd('BulletinOutline speaker=Park Sun-hee')
  t.eq({ '2. Heat Wave Grips the Capital', '  [REPORT]', '    Park Sun-hee: Drink water often and stay inside…' },
    (lines_of()), 'a name of several words')
  vim.cmd('BulletinOutline speaker= kind=soundbite')
  local lines = lines_of()
  t.eq(7, #lines, 'every soundbite')
  t.eq('Kang Yu-jung: Both leaders agreed to work together…', lines[1], 'flat: no indent')
  vim.cmd('BulletinOutline kind=soundbite speaker=Park')
  t.eq({ 'Park Byung-kwang: Though brief, all key points were…', 'Park Sun-hee: Drink water often and stay inside…' },
    (lines_of()))
  vim.cmd('BulletinOutline kind=section speaker=')
  t.eq(6, #lines_of(), 'sections')
  vim.cmd('BulletinOutline kind=story')
  t.eq(3, #lines_of(), 'stories')
  vim.cmd('BulletinOutline kind= speaker=Nobody')
  t.eq({ '(no item matches speaker=Nobody)' }, (lines_of()))
  vim.cmd('BulletinOutline speaker=')
  t.eq(#E.items, #lines_of(), 'cleared')
end)

t.test('f sets and clears the filter through vim.ui.input', function()
  open_at(4)
  local asked = {}
  local input = vim.ui.input
  local answer
  vim.ui.input = function(opts, cb)
    asked[#asked + 1] = opts
    cb(answer)
  end
  answer = 'Lee'
  t.feed('f')
  t.eq({ 'LANTERN FESTIVAL RETURNS TO GYEONGJU', '  [REPORT]', '    Lee Ha-na: We waited five years for this…' },
    (lines_of()), 'a bare word: a speaker')
  answer = nil
  t.feed('f')
  t.eq(3, #lines_of(), 'cancelled: the filter stays')
  t.eq('speaker=Lee', asked[2].default, 'the filter in force is filled in')
  answer = 'kind=story'
  t.feed('f')
  t.eq(3, #lines_of())
  t.eq('LANTERN FESTIVAL RETURNS TO GYEONGJU', lines_of()[3])
  answer = ''
  t.feed('f')
  vim.ui.input = input
  t.eq(#E.items, #lines_of(), 'an empty answer clears it')
end)

t.test('close_on_select: <CR> closes the outline, p does not; the default keeps it', function()
  fresh()
  require('bulletin').setup({ outline = { close_on_select = true } })
  t.open(t.tmpcopy(t.sample))
  local src = api.nvim_get_current_win()
  vim.cmd('BulletinOutline')
  local lines, win = lines_of()
  api.nvim_win_set_cursor(win, { row_of(lines, 'Lee Ha-na'), 0 })
  t.feed('p')
  t.ok(api.nvim_win_is_valid(win), 'p keeps it open')
  t.feed('<CR>')
  t.ok(not api.nvim_win_is_valid(win), '<CR> closed it')
  t.eq(src, api.nvim_get_current_win())
  t.eq(49, t.cursor()[1])
  t.eq(nil, (outline.win()))
  require('bulletin').setup({})
  vim.cmd('BulletinOutline')
  lines, win = lines_of()
  api.nvim_win_set_cursor(win, { row_of(lines, 'Kim Min-ji'), 0 })
  t.feed('<CR>')
  t.ok(api.nvim_win_is_valid(win), 'by default the outline stays')
  t.eq(30, t.cursor()[1])
end)

-- The sample's outline as the helper sends it (items in the compact form
-- of pushes, PROTOCOL.md), with `seconds` on the items whose index is in
-- secs (in `times`; nil on every other item: the times the helper
-- computed, if it does, are dropped), pushed for the current text.
local function push_seconds(buf, secs)
  local list = require('bulletin').outline(buf)
  local items = t.wire_items(list)
  local times, total = {}, 0
  for i = 1, #list do
    times[i] = secs[i] or vim.NIL
    total = total + (secs[i] or 0)
  end
  require('bulletin.helper')._on_push({ buf = buf, tick = api.nvim_buf_get_changedtick(buf),
    outline = { meta = require('bulletin').meta(buf), items = items },
    total = total, times = { 0, times } })
end

-- vim.ui.select replaced as telescope's or fzf-lua's ui-select does.
local function stub_select(pick_fn)
  local seen = {}
  local orig = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    seen.items, seen.opts = items, opts
    seen.labels = {}
    for i, it in ipairs(items) do
      seen.labels[i] = opts.format_item(it)
    end
    on_choice(pick_fn(items, seen.labels))
  end
  return seen, function()
    vim.ui.select = orig
  end
end

local function choose(pat)
  return function(items, labels)
    for i, l in ipairs(labels) do
      if l:find(pat, 1, true) then
        return items[i], i
      end
    end
  end
end

t.test(':BulletinPick offers the items through vim.ui.select and jumps to the choice', function()
  fresh()
  local buf = t.open(t.tmpcopy(t.sample))
  push_seconds(buf, {}) -- no times: the labels as without timing
  api.nvim_win_set_cursor(0, { 2, 0 })
  local seen, restore = stub_select(choose('Kim Min-ji'))
  vim.cmd('BulletinPick')
  restore()
  t.eq(#E.items, #seen.items, 'every item offered')
  t.eq('bulletin_outline', seen.opts.kind)
  t.eq('Lee and Xi Hold First Phone Call  :4', seen.labels[1])
  t.eq('  [REPORT]  :9', seen.labels[3])
  t.eq('    Kang Yu-jung: Both leaders agreed to work together…  :12', seen.labels[4])
  t.eq(30, t.cursor()[1], 'jumped to the choice')
  t.eq(buf, api.nvim_get_current_buf())
  t.feed('<C-o>')
  t.eq(2, t.cursor()[1], 'the jump is in the jumplist')
  -- cancelled: nothing moves
  seen, restore = stub_select(function() return nil end)
  vim.cmd('BulletinPick')
  restore()
  t.eq(#E.items, #seen.items, 'offered again')
  t.eq(2, t.cursor()[1], 'cancel moves nothing')
  -- with times
  push_seconds(buf, { 75.4, 20 })
  seen, restore = stub_select(function() return nil end)
  vim.cmd('BulletinPick depth=2')
  restore()
  t.eq({ 'Lee and Xi Hold First Phone Call  :4  1:15', '  [LEAD]  :6  0:20', '  [REPORT]  :9' },
    { seen.labels[1], seen.labels[2], seen.labels[3] })
end)

t.test(':BulletinPick takes depth, speaker and kind; from the outline it jumps in the source', function()
  fresh()
  push_seconds(t.open(t.tmpcopy(t.sample)), {})
  local src = api.nvim_get_current_win()
  local seen, restore = stub_select(choose('Park Sun-hee'))
  vim.cmd('BulletinPick kind=soundbite')
  restore()
  t.eq(7, #seen.items, 'the soundbites')
  t.eq('Kang Yu-jung: Both leaders agreed to work together…  :12', seen.labels[1], 'flat')
  t.eq(37, t.cursor()[1])
  seen, restore = stub_select(choose('2. Heat'))
  vim.cmd('BulletinPick depth=1')
  restore()
  t.eq(3, #seen.items, 'stories')
  t.eq(22, t.cursor()[1])
  vim.cmd('BulletinOutline')
  local _, win = lines_of()
  seen, restore = stub_select(choose('Lee Ha-na'))
  vim.cmd('BulletinPick speaker=lee')
  restore()
  t.eq(3, #seen.items, 'the soundbite, its section and story')
  t.eq(src, api.nvim_get_current_win(), 'focus in the source window')
  t.eq(49, t.cursor()[1])
  t.ok(api.nvim_win_is_valid(win), 'the outline stays')
end)

-- The virtual text of each outline row (row -> text), and its groups.
local function times(obuf)
  local ns = api.nvim_create_namespace('bulletin.outline')
  local r = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(obuf, ns, 0, -1, { details = true })) do
    local vt = m[4].virt_text
    if vt then
      local s = ''
      for _, c in ipairs(vt) do
        s = s .. c[1]
      end
      t.eq(' ', s:sub(1, 1), 'a space before the time')
      r[m[2] + 1] = s:sub(2)
      t.eq('right_align', m[4].virt_text_pos)
    end
  end
  return r
end

t.test('times and running totals when the items carry seconds', function()
  local buf = open_at(4)
  local _, _, obuf = lines_of()
  push_seconds(buf, {})
  t.wait_for(2000, function()
    return next(times(obuf)) == nil
  end, 'no times')
  t.eq(#E.items, #lines_of(), 'no seconds: no times, the rows as before')
  --            story1 LEAD REPORT Kang Park story2 LEAD REPORT Kim anon Park story3 LEAD REPORT Lee anon
  push_seconds(buf, { 75.4, 20, 55.4, 14, 5, 61, 12, 49, 6, 4, 7, 3600, 3590, 10, 9.6, 4 })
  t.wait_for(2000, function()
    return times(obuf)[1] ~= nil
  end, 'times drawn')
  local lines = lines_of()
  t.eq(#E.items, #lines)
  t.eq('Lee and Xi Hold First Phone Call', lines[1], 'the text of the row unchanged')
  t.eq({
    '1:15 Σ1:15', '0:20 Σ0:20', '0:55 Σ1:15', '0:14', '0:05',
    '1:01 Σ2:16', '0:12 Σ1:27', '0:49 Σ2:16', '0:06', '0:04', '0:07',
    '60:00 Σ62:16', '59:50 Σ62:06', '0:10 Σ62:16', '0:10', '0:04',
  }, times(obuf))
  -- an item without seconds: no time on it, no running total after it
  push_seconds(buf, { 75, 20, 55, 14, nil, nil, 12, 49, 6, 4, 7, 30, 10, 20, 9, 4 })
  t.wait_for(2000, function()
    return times(obuf)[6] == nil
  end, 'times redrawn')
  local got = times(obuf)
  t.eq('1:15 Σ1:15', got[1])
  t.eq(nil, got[5], 'the soundbite without seconds')
  t.eq(nil, got[6], 'the story without seconds')
  t.eq('0:12 Σ1:27', got[7], 'its sections run on from its start')
  t.eq('0:49 Σ2:16', got[8])
  t.eq('0:30', got[12], 'no running total past a story without seconds')
  t.eq('0:10', got[13])
  -- with a filter the totals still count the whole bulletin
  push_seconds(buf, { 75, 20, 55, 14, 5, 61, 12, 49, 6, 4, 7, 30, 10, 20, 9, 4 })
  vim.cmd('BulletinOutline depth=1')
  t.wait_for(2000, function()
    return #lines_of() == 3
  end)
  t.eq({ '1:15 Σ1:15', '1:01 Σ2:16', '0:30 Σ2:46' }, times(obuf))
end)

-- What the outline window shows: its lines and every mark (row, columns,
-- group, virtual text), in order.
local function snapshot()
  local _, obuf = outline.win()
  local ns = api.nvim_create_namespace('bulletin.outline')
  local marks = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(obuf, ns, 0, -1, { details = true })) do
    local d = m[4]
    marks[#marks + 1] = { m[2], m[3], d.end_row, d.end_col, d.hl_group, d.virt_text and vim.inspect(d.virt_text) or nil }
  end
  table.sort(marks, function(x, y)
    return vim.inspect(x) < vim.inspect(y)
  end)
  return { lines = api.nvim_buf_get_lines(obuf, 0, -1, false), marks = marks }
end

t.test('an outline redrawn row by row shows what one drawn whole does', function()
  local buf, src = open_at(4)
  vim.cmd('wincmd p')
  local secs = {}
  local edits = {
    function() api.nvim_buf_set_lines(buf, 52, 53, false, { 'Choi Ji-woo / Visitor', 'I came from Busan to see the lanterns.' }) end,
    function() api.nvim_buf_set_lines(buf, 21, 40, false, {}) end, -- story 2 goes
    function() vim.cmd('BulletinOutline depth=2') vim.cmd('wincmd p') end,
    function() api.nvim_buf_set_lines(buf, 3, 3, false, { '2. A New First Story', '', '[LEAD]', 'Words.', '' }) end,
    function() vim.cmd('BulletinOutline depth=3 speaker=Lee') vim.cmd('wincmd p') end,
    function() vim.cmd('BulletinOutline speaker= kind=soundbite') vim.cmd('wincmd p') end,
    function() vim.cmd('BulletinOutline kind=') vim.cmd('wincmd p') end,
    function()
      for i = 1, #require('bulletin').outline(buf) do
        secs[i] = 3 * i
      end
      push_seconds(buf, secs)
    end,
    function()
      secs[1] = 100 -- every running total after the first story changes
      push_seconds(buf, secs)
    end,
    function() api.nvim_buf_set_lines(buf, 0, -1, false, { 'no bulletin here' }) end,
    function() vim.cmd('undo') end,
  }
  for i, edit in ipairs(edits) do
    edit()
    t.ok(require('bulletin').wait(buf, 5000), 'results for edit ' .. i)
    outline.on_update(buf)
    local drawn = snapshot()
    outline.close()
    api.nvim_set_current_win(src)
    vim.cmd('BulletinOutline')
    t.eq(snapshot(), drawn, 'after edit ' .. i)
    vim.cmd('wincmd p')
  end
end)

t.test('outline keys: buffer-local maps to <Plug> maps with a description; a FileType autocommand can change them', function()
  open_at(4)
  local m = vim.fn.maparg('+', 'n', false, true)
  t.eq('<Plug>(bulletin-outline-deeper)', m.rhs)
  t.eq(1, m.buffer)
  t.match('^bulletin outline: ', m.desc)
  for _, name in ipairs({ 'jump', 'preview', 'deeper', 'shallower', 'filter', 'close', 'help' }) do
    local p = vim.fn.maparg('<Plug>(bulletin-outline-' .. name .. ')', 'n', false, true)
    t.match('^bulletin outline: ', p.desc or '', name)
  end
  outline.close()
  local au = api.nvim_create_autocmd('FileType', {
    pattern = 'bulletinoutline',
    callback = function()
      vim.cmd('nunmap <buffer> -')
      vim.cmd('nmap <buffer> <Tab> <Plug>(bulletin-outline-shallower)')
    end,
  })
  vim.cmd('BulletinOutline')
  api.nvim_del_autocmd(au)
  t.eq('', vim.fn.maparg('-', 'n'), 'the user removed -')
  t.feed('<Tab>')
  t.eq(9, #lines_of(), 'and mapped <Tab> to shallower')
end)

t.test('completion of :BulletinOutline and :BulletinPick', function()
  open_at(4)
  vim.cmd('wincmd p')
  t.eq({ 'kind=story', 'kind=section', 'kind=soundbite' }, vim.fn.getcompletion('BulletinOutline ki', 'cmdline'))
  t.eq({ 'loclist' }, vim.fn.getcompletion('BulletinOutline lo', 'cmdline'))
  t.eq({}, vim.fn.getcompletion('BulletinPick lo', 'cmdline'))
  local sp = vim.fn.getcompletion('BulletinPick speaker=K', 'cmdline')
  t.eq({ 'speaker=Kang Yu-jung', 'speaker=Kim Min-ji' }, sp)
end)

t.test(':BulletinOutline loclist takes the filter too', function()
  local buf = open_at(4)
  vim.cmd('wincmd p')
  vim.cmd('BulletinOutline loclist kind=soundbite speaker=Park')
  local ll = vim.fn.getloclist(vim.fn.bufwinid(buf))
  t.eq({ 18, 37 }, { ll[1].lnum, ll[2].lnum })
  t.eq(2, #ll)
end)

t.test('the arguments of :BulletinOutline and :BulletinPick', function()
  local f = require('bulletin.outline_filter')
  t.eq({ speaker = 'Kang Yu-jung', kind = 'quote', depth = 2 }, f.parse_args('speaker=Kang Yu-jung kind=soundbites depth=2'))
  t.eq({ speaker = false, kind = false }, f.parse_args(' speaker=  kind= '), 'empty values clear')
  t.eq({ kind = 'section', loclist = true }, f.parse_args('loclist kind=Section', false, true))
  t.eq({ speaker = 'Lee Ha-na' }, f.parse_args('Lee Ha-na', true), 'the f prompt: a bare name')
  for _, bad in ipairs({ { 'kind=anchor', 'kind must be' }, { 'depth=0', 'depth must be' }, { 'depth=x', 'depth must be' },
    { 'loclist', 'unknown argument loclist' }, { 'Kang', 'unknown argument Kang' } }) do
    local r, err = f.parse_args(bad[1])
    t.eq(nil, r, bad[1])
    t.ok(err and err:find(bad[2], 1, true), bad[1] .. ': ' .. tostring(err))
  end
  t.eq(nil, (f.parse_args('depth=2', true)), 'the f prompt takes no depth')
end)

t.test('setup() checks the new outline options', function()
  local msgs = {}
  local notify = vim.notify
  vim.notify = function(m)
    msgs[#msgs + 1] = m
  end
  require('bulletin').setup({ outline = { depth = 4, autojump = 1, close_on_select = 'yes' } })
  vim.notify = notify
  t.match('outline%.depth must be 1, 2 or 3', msgs[1])
  t.match('outline%.autojump must be a boolean', msgs[1])
  t.match('outline%.close_on_select must be a boolean', msgs[1])
  local c = require('bulletin.config')
  t.eq(3, c.options.outline.depth)
  t.eq(true, c.options.outline.autojump)
  t.eq(false, c.options.outline.close_on_select)
  require('bulletin').setup({ outline = { depth = 2 } })
  t.eq(2, c.options.outline.depth)
  require('bulletin').setup({})
end)

t.test('a new tab page starts from the depth of setup()', function()
  fresh()
  require('bulletin').setup({ outline = { depth = 1 } })
  vim.cmd('tabnew')
  t.open(t.tmpcopy(t.sample))
  vim.cmd('BulletinOutline')
  t.eq(3, #lines_of(), 'stories only')
  require('bulletin').setup({})
end)

t.test(':help has the new commands, maps and options', function()
  local dir = vim.fn.tempname() .. '/doc'
  vim.fn.mkdir(dir, 'p')
  vim.fn.writefile(vim.fn.readfile(t.root .. '/doc/bulletin.txt'), dir .. '/bulletin.txt')
  vim.cmd('helptags ' .. vim.fn.fnameescape(dir))
  local tags = {}
  for _, l in ipairs(vim.fn.readfile(dir .. '/tags')) do
    tags[l:match('^[^\t]+')] = true
  end
  local missing = {}
  for _, w in ipairs({ ':BulletinPick', 'bulletin-outline-filter', 'bulletin-outline-depth', 'bulletin-outline-timing',
    'bulletinOutlineTime', 'bulletinOutlineTotal', 'bulletinOutlineItem',
    '<Plug>(bulletin-outline-jump)', '<Plug>(bulletin-outline-preview)', '<Plug>(bulletin-outline-deeper)',
    '<Plug>(bulletin-outline-shallower)', '<Plug>(bulletin-outline-filter)', '<Plug>(bulletin-outline-close)',
    '<Plug>(bulletin-outline-help)' }) do
    if not tags[w] then
      missing[#missing + 1] = w
    end
  end
  t.eq({}, missing)
end)

t.finish()
