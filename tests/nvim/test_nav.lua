-- ]] [[ ]" [" with counts in every mode, iq/aq; the search register stays.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

local function at(line)
  vim.api.nvim_win_set_cursor(0, { line, 0 })
end

local function open()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zR')
  vim.fn.setreg('/', 'untouched-search')
  vim.fn.histadd('/', 'history-entry')
  return buf
end

local function search_untouched()
  t.eq('untouched-search', vim.fn.getreg('/'), 'search register')
  t.eq('history-entry', vim.fn.histget('/', -1), 'search history')
end

t.test(']] and [[ with counts', function()
  open()
  at(1)
  t.feed(']]')
  t.eq(4, t.cursor()[1], 'story 1 title')
  t.feed(']]')
  t.eq(6, t.cursor()[1], '[LEAD]')
  t.feed('2]]')
  t.eq(22, t.cursor()[1], 'story 2 title')
  t.feed('[[')
  t.eq(9, t.cursor()[1])
  t.feed('3[[')
  t.eq(4, t.cursor()[1], 'only two sections above: goes as far as there are')
  at(46)
  t.feed('9]]')
  t.eq(46, t.cursor()[1], 'no section after the last: stays')
  at(55)
  t.feed('3[[')
  t.eq(41, t.cursor()[1])
  search_untouched()
end)

t.test(']" and [" with counts', function()
  open()
  at(1)
  t.feed(']"')
  t.eq(12, t.cursor()[1])
  t.feed('3]"')
  t.eq(35, t.cursor()[1])
  t.feed('["')
  t.eq(30, t.cursor()[1])
  t.feed('2["')
  t.eq(12, t.cursor()[1])
  search_untouched()
end)

t.test('jumps set the jumplist', function()
  open()
  at(7)
  t.feed('2]]')
  t.eq(22, t.cursor()[1])
  t.feed('<C-o>')
  t.eq(7, t.cursor()[1])
end)

t.test('visual mode extends the selection', function()
  open()
  at(6)
  t.feed('V]]<Esc>')
  t.eq(6, vim.fn.line("'<"))
  t.eq(9, vim.fn.line("'>"))
  at(12)
  t.feed('v2]"<Esc>')
  t.eq(30, vim.fn.line("'>"))
  search_untouched()
end)

t.test('operator-pending: y]] and y2]"', function()
  open()
  at(6)
  t.feed('y]]')
  t.eq('[LEAD]\n' .. vim.fn.getline(7) .. '\n\n', vim.fn.getreg('"'))
  t.eq('V', vim.fn.getregtype('"'))
  at(12)
  t.feed('y2]"')
  local reg = vim.fn.getreg('"')
  t.match('^Kang Yu%-jung', reg)
  t.match('Lee asked for Beijing', reg)
  t.ok(not reg:find('Kim Min-ji', 1, true), 'stops before line 30')
  t.eq(18, #vim.split(reg, '\n', true) - 1, 'lines 12..29')
  search_untouched()
end)

t.test('iq and aq', function()
  local buf = open()
  at(13)
  t.feed('yiq')
  t.eq('Both leaders agreed to work together to produce results in areas of cooperation that people in both countries can feel.\nThey also agreed to keep talking at every level.',
    vim.fn.getreg('"'))
  at(18)
  t.feed('yiq')
  t.eq('Though brief, all key points were delivered.', vim.fn.getreg('"'))
  at(37)
  t.feed('yiq')
  t.eq('Drink water often and stay inside in the afternoon.', vim.fn.getreg('"'))
  at(14)
  t.feed('yaq')
  t.eq(table.concat(vim.api.nvim_buf_get_lines(buf, 11, 14, false), '\n') .. '\n', vim.fn.getreg('"'))
  t.eq('V', vim.fn.getregtype('"'))
  at(13)
  t.feed('viq<Esc>')
  t.eq({ 13, 1 }, { vim.fn.line("'<"), vim.fn.col("'<") })
  t.eq(14, vim.fn.line("'>"))
  search_untouched()
end)

t.test('<Plug> targets can be remapped', function()
  vim.g.bulletin_no_maps = 1
  open()
  vim.g.bulletin_no_maps = nil
  vim.cmd('nmap <buffer> gs <Plug>(bulletin-next-quote)')
  at(1)
  t.feed('gs')
  t.eq(12, t.cursor()[1])
end)

-- issue 7, defect 2: a bulletin opens fully folded; the jumps open folds at
-- the target as the built-in ]] does ('foldopen' "block"), not for an
-- operator, and not when 'foldopen' lacks "block" and "all".
local function open_folded()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zM')
  vim.fn.setreg('/', 'untouched-search')
  vim.fn.histadd('/', 'history-entry')
  t.ok(vim.fn.foldclosed(6) ~= -1, 'line 6 starts folded')
  t.ok(vim.fn.foldclosed(12) ~= -1, 'line 12 starts folded')
  return buf
end

local function unfolded(line, what)
  t.eq(-1, vim.fn.foldclosed(line), (what or '') .. ': line ' .. line .. ' not in a closed fold')
end

t.test('jumps open folds at the target (foldopen has block)', function()
  t.ok(vim.o.foldopen:find('block', 1, true), "default 'foldopen' has block")
  local buf = open_folded()
  t.eq(0, vim.wo.foldlevel, 'a new bulletin window starts fully folded')
  at(1)
  t.feed(']]')
  t.eq(4, t.cursor()[1], ']] to the story title')
  unfolded(4, ']]')
  t.feed('2]]')
  t.eq(9, t.cursor()[1], '2]] to [REPORT]')
  unfolded(9, '2]]')
  t.ok(vim.fn.foldclosed(22) ~= -1, 'the next story stays folded')
  t.feed('<C-o>')
  t.eq(4, t.cursor()[1], 'jumplist kept')
  vim.cmd('normal! zM')
  at(1)
  t.feed(']"')
  t.eq(12, t.cursor()[1], ']" to the first soundbite')
  unfolded(12, ']"')
  vim.cmd('normal! zM')
  at(vim.api.nvim_buf_line_count(buf))
  t.feed('["')
  t.eq(49, t.cursor()[1], '[" from the last line to the soundbite before it')
  unfolded(49, '["')
  vim.cmd('normal! zM')
  t.feed('[[')
  t.eq(46, t.cursor()[1], '[[ to the last section')
  unfolded(46, '[[')
  search_untouched()
end)

t.test("jumps leave folds closed when 'foldopen' lacks block", function()
  open_folded()
  vim.opt.foldopen:remove('block')
  at(1)
  t.feed(']]')
  t.eq(4, t.cursor()[1])
  t.ok(vim.fn.foldclosed(4) ~= -1, 'story fold still closed')
  vim.opt.foldopen = 'all'
  t.feed(']]')
  unfolded(t.cursor()[1], "'foldopen' all")
  vim.opt.foldopen = vim.api.nvim_get_option_info('foldopen').default
  search_untouched()
end)

t.test('operator-pending jumps open no fold', function()
  open_folded()
  at(1)
  t.feed('y]]')
  t.eq('V', vim.fn.getregtype('"'), 'linewise over the closed fold')
  t.ok(vim.fn.foldclosed(4) ~= -1, 'story fold still closed after y]]')
  at(1)
  t.feed('y]"')
  t.ok(vim.fn.foldclosed(12) ~= -1, 'soundbite fold still closed after y]"')
  search_untouched()
end)

t.test('visual jumps open folds at the target', function()
  open_folded()
  at(1)
  t.feed('v]]')
  t.eq('v', vim.api.nvim_get_mode().mode, 'still in Visual mode')
  t.eq(4, t.cursor()[1])
  unfolded(4, 'v]]')
  t.feed('<Esc>')
end)

-- issue 7, defect 5: outside a soundbite iq/aq fail like a built-in text
-- object: the operator is cancelled (no Insert mode, no register written,
-- no undo step), Visual mode keeps its selection.
local REGS = { '"', '0', '1', '-', 'a' }

local function regs()
  local r = {}
  for _, name in ipairs(REGS) do
    r[name] = { vim.fn.getreg(name), vim.fn.getregtype(name) }
  end
  return r
end

local function mode_after(keys)
  vim.g.bl_mode = nil
  t.feed(keys .. '<Cmd>lua vim.g.bl_mode = vim.api.nvim_get_mode().mode<CR>')
  local m = vim.g.bl_mode
  t.feed('<Esc>')
  return m
end

t.test('iq and aq outside a soundbite cancel the operator', function()
  local buf = open()
  vim.fn.setreg('"', 'unnamed-before')
  vim.fn.setreg('0', 'yank-before')
  vim.fn.setreg('1', 'delete-before\n', 'l')
  vim.fn.setreg('-', 'small-before')
  vim.fn.setreg('a', 'a-before')
  local before = regs()
  for _, obj in ipairs({ 'iq', 'aq' }) do
    for _, line in ipairs({ 1, 7, 25 }) do
      local where = obj .. ' at line ' .. line
      at(line)
      local tick = vim.api.nvim_buf_get_changedtick(buf)
      local seq = vim.fn.undotree().seq_last
      t.eq('n', mode_after('c' .. obj), 'c' .. where .. ': back in Normal mode, not Insert')
      t.eq('n', mode_after('d' .. obj), 'd' .. where .. ': no operator pending')
      t.eq('n', mode_after('y' .. obj), 'y' .. where)
      t.eq('n', mode_after('"ay' .. obj), '"ay' .. where)
      t.eq(tick, vim.api.nvim_buf_get_changedtick(buf), where .. ': text untouched')
      t.eq(seq, vim.fn.undotree().seq_last, where .. ': no undo step')
      t.eq(before, regs(), where .. ': registers untouched')
      t.eq({ line, 0 }, t.cursor(), where .. ': cursor stays')
    end
  end
  -- Visual mode: the selection stays as it was
  at(7)
  t.eq('v', mode_after('viq'), 'viq outside: still Visual')
  t.eq({ 7, 7 }, { vim.fn.line("'<"), vim.fn.line("'>") }, 'selection unchanged')
  at(7)
  t.eq('V', mode_after('Vaq'), 'Vaq outside: still Visual')
  -- inside a soundbite they still work
  at(18)
  t.feed('ciqX<Esc>')
  t.eq('"X"', vim.fn.getline(18):match('"X"'), 'ciq inside a soundbite changes the quote')
  search_untouched()
end)

t.test('iq and aq in closed folds take the soundbite, not the fold', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zM')
  t.ok(vim.fn.foldclosed(18) ~= -1, 'line 18 folded')
  at(18)
  t.feed('yiq')
  t.eq('Though brief, all key points were delivered.', vim.fn.getreg('"'), 'yiq in a closed fold')
  vim.cmd('normal! zM')
  at(13)
  t.feed('yaq')
  t.eq(table.concat(vim.api.nvim_buf_get_lines(buf, 11, 14, false), '\n') .. '\n', vim.fn.getreg('"'), 'yaq in a closed fold')
  vim.cmd('normal! zM')
  local n = vim.api.nvim_buf_line_count(buf)
  at(37)
  t.feed('diq')
  t.eq(n, vim.api.nvim_buf_line_count(buf), 'diq in a closed fold deletes no line')
  t.eq('[Park Sun-hee/Forecaster, Korea Meteorological Administration: ""]', vim.fn.getline(37))
end)

t.test('iq follows the helper after edits (spans moved by splices)', function()
  local buf = open()
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { 'one', 'two', 'three' })
  t.ok(require('bulletin').wait(buf, 5000), 'in sync after lines above')
  at(21)
  t.feed('yiq')
  t.eq('Though brief, all key points were delivered.', vim.fn.getreg('"'), 'three lines down')
  at(21)
  t.feed('0f"anew <Esc>')
  t.ok(require('bulletin').wait(buf, 5000), 'in sync after an edit in the quote')
  t.feed('yiq')
  t.eq('new Though brief, all key points were delivered.', vim.fn.getreg('"'), 'the edited quote')
  t.eq('new Though brief, all key points were delivered.', require('bulletin.quotes').text(buf, vim.tbl_filter(function(it)
    return it.line == 21
  end, require('bulletin').outline(buf))[1]), 'the outline item carries the new text')
end)

t.finish()
