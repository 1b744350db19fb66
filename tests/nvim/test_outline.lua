-- The outline: require('bulletin').outline(), the side window, the loclist.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local E = dofile(t.root .. '/tests/nvim/expected.lua')

local FIELDS = { 'kind', 'level', 'line', 'end_line', 'title', 'tag', 'section', 'quote_line', 'form', 'speaker', 'role' }

local function pick(it)
  local r = {}
  for _, k in ipairs(FIELDS) do
    if it[k] ~= nil then
      r[k] = it[k]
    end
  end
  return r
end

t.test('outline(bufnr) returns the items of §5', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local items = require('bulletin').outline(buf)
  t.eq(#E.items, #items, 'number of items')
  for i, want in ipairs(E.items) do
    t.eq(pick(want), pick(items[i]), 'item ' .. i)
  end
  t.eq(E.meta, require('bulletin').meta(buf), 'meta')
end)

local function outline_lines()
  local win, obuf = require('bulletin.outline').win()
  t.ok(win, 'outline window open')
  return vim.api.nvim_buf_get_lines(obuf, 0, -1, false), win
end

local function row_of(lines, pat)
  for i, l in ipairs(lines) do
    if l:find(pat, 1, true) then
      return i
    end
  end
  error('no outline row with ' .. pat)
end

t.test(':BulletinOutline opens the tree beside the buffer', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local src = vim.api.nvim_get_current_win()
  vim.cmd('BulletinOutline')
  local lines, win = outline_lines()
  t.eq(win, vim.api.nvim_get_current_win(), 'focus in the outline')
  t.eq(#E.items, #lines)
  t.eq('Lee and Xi Hold First Phone Call', lines[1])
  t.eq('  [LEAD]', lines[2])
  t.eq('    Kang Yu-jung: Both leaders agreed to work together…', lines[4])
  t.eq('    Anonymous: The heat will last through the…', lines[10])
  t.eq(40, vim.api.nvim_win_get_width(win))
  t.ok(vim.fn.win_screenpos(win)[2] > vim.fn.win_screenpos(src)[2], 'on the right')
  t.eq(buf, vim.api.nvim_win_get_buf(src))
end)

t.test('<CR> jumps and sets the jumplist; p previews; q closes', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local src = vim.api.nvim_get_current_win()
  vim.api.nvim_win_set_cursor(src, { 2, 0 })
  vim.cmd('BulletinOutline')
  local lines, win = outline_lines()
  vim.api.nvim_win_set_cursor(win, { row_of(lines, 'Kim Min-ji'), 0 })
  t.feed('<CR>')
  t.eq(src, vim.api.nvim_get_current_win(), 'focus back in the source')
  t.eq({ 30, 0 }, t.cursor())
  t.feed('<C-o>')
  t.eq(2, t.cursor()[1], '<C-o> returns')
  -- preview
  vim.api.nvim_set_current_win(win)
  vim.api.nvim_win_set_cursor(win, { row_of(lines, 'Lee Ha-na'), 0 })
  t.feed('p')
  t.eq(win, vim.api.nvim_get_current_win(), 'focus stays in the outline')
  t.eq(49, vim.api.nvim_win_get_cursor(src)[1], 'source cursor moved')
  t.feed('q')
  t.ok(not vim.api.nvim_win_is_valid(win), 'closed')
  vim.cmd('BulletinOutline')
  local w2 = require('bulletin.outline').win()
  t.ok(w2, 'open again')
  vim.cmd('BulletinOutline')
  t.ok(not vim.api.nvim_win_is_valid(w2), ':BulletinOutline in the outline closes it')
  t.eq(nil, (require('bulletin.outline').win()))
  t.eq(buf, vim.api.nvim_get_current_buf())
end)

t.test('? lists the keys', function()
  t.open(t.tmpcopy(t.sample))
  vim.cmd('BulletinOutline')
  vim.cmd('messages clear')
  t.feed('?')
  local msgs = vim.fn.execute('messages')
  t.match('<CR>%s+jump', msgs)
  t.match('p%s+preview', msgs)
  t.match('q%s+close', msgs)
end)

t.test('the outline follows the cursor', function()
  t.open(t.tmpcopy(t.sample))
  vim.cmd('BulletinOutline')
  local lines, win = outline_lines()
  vim.cmd('wincmd p')
  vim.api.nvim_win_set_cursor(0, { 50, 0 })
  vim.cmd('doautocmd CursorMoved')
  t.eq(row_of(lines, 'Lee Ha-na'), vim.api.nvim_win_get_cursor(win)[1])
  vim.api.nvim_win_set_cursor(0, { 25, 0 })
  vim.cmd('doautocmd CursorMoved')
  t.eq(7, vim.api.nvim_win_get_cursor(win)[1], '[LEAD] of story 2')
end)

t.test('the outline refreshes as the buffer changes', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('BulletinOutline')
  vim.cmd('wincmd p')
  vim.api.nvim_buf_set_lines(buf, 52, 53, false, { 'Choi Ji-woo / Visitor', 'I came from Busan to see the lanterns.' })
  t.ok(require('bulletin').wait(buf, 5000), 'results for the edit')
  local lines = outline_lines()
  t.eq(#E.items + 1, #lines)
  row_of(lines, 'Choi Ji-woo: I came from Busan')
end)

t.test(':BulletinOutline loclist', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('BulletinOutline loclist')
  local ll = vim.fn.getloclist(vim.fn.win_getid(vim.fn.winnr('#') > 0 and 1 or 0))
  if #ll == 0 then
    ll = vim.fn.getloclist(vim.fn.bufwinid(buf))
  end
  t.eq(#E.items, #ll)
  t.eq(4, ll[1].lnum)
  t.eq(buf, ll[1].bufnr)
  t.eq(12, ll[4].lnum)
  t.match('Kang Yu%-jung', ll[4].text)
end)

-- issue 7, defect 6: the outline follows the source window to another
-- bulletin, and never stays behind alone with the tree of a deleted buffer.
local function other()
  return t.tmpcopy(t.root .. '/tests/cli/fixtures/multistory.txt', 'other.bulletin')
end

local function outline_shows(first, what)
  t.wait_for(5000, function()
    local win, obuf = require('bulletin.outline').win()
    return win and vim.api.nvim_buf_get_lines(obuf, 0, 1, false)[1] == first
  end, what .. ': outline shows ' .. first)
end

local function is_outline(win)
  return vim.bo[vim.api.nvim_win_get_buf(win)].filetype == 'bulletinoutline'
end

local function outline_windows()
  local n = 0
  for _, tab in ipairs(vim.api.nvim_list_tabpages()) do
    for _, w in ipairs(vim.api.nvim_tabpage_list_wins(tab)) do
      if is_outline(w) then
        n = n + 1
      end
    end
  end
  return n
end

for _, hidden in ipairs({ true, false }) do
  t.test(':edit another bulletin in the source window: the outline shows it (' .. (hidden and 'hidden' or 'nohidden') .. ')', function()
    vim.o.hidden = hidden
    vim.defer_fn(function()
      vim.o.hidden = true -- also when the test fails
    end, 0)
    local buf = t.open(t.tmpcopy(t.sample))
    local src = vim.api.nvim_get_current_win()
    vim.cmd('BulletinOutline')
    local _, win = outline_lines()
    vim.cmd('wincmd p')
    t.eq(src, vim.api.nvim_get_current_win())
    vim.cmd('edit ' .. vim.fn.fnameescape(other()))
    local buf2 = vim.api.nvim_get_current_buf()
    t.ok(buf2 ~= buf, 'another buffer')
    t.ok(require('bulletin').wait(buf2, 5000), 'results for the new bulletin')
    outline_shows('1. Snow Closes Schools Across The Region', ':edit')
    t.ok(vim.api.nvim_win_is_valid(win), 'the same outline window')
    t.eq(win, (require('bulletin.outline').win(buf2)), 'tied to the new buffer')
    local lines = outline_lines()
    t.eq(6, #lines, 'the six items of the new bulletin')
    t.eq('bulletin-outline://' .. buf2, vim.api.nvim_buf_get_name(vim.api.nvim_win_get_buf(win)), 'outline buffer named after the new source')
    -- follows the new buffer's cursor, jumps into it
    vim.api.nvim_win_set_cursor(src, { 16, 0 })
    vim.cmd('doautocmd CursorMoved')
    t.eq(6, vim.api.nvim_win_get_cursor(win)[1], 'outline cursor on [REPORT] of story 2')
    vim.api.nvim_set_current_win(win)
    vim.api.nvim_win_set_cursor(win, { 4, 0 })
    t.feed('<CR>')
    t.eq(src, vim.api.nvim_get_current_win())
    t.eq(buf2, vim.api.nvim_get_current_buf())
    t.eq(11, t.cursor()[1], '<CR> jumps in the new bulletin')
    -- and back
    vim.cmd('edit #')
    t.ok(require('bulletin').wait(0, 5000), 'results for the first bulletin')
    outline_shows('Lee and Xi Hold First Phone Call', ':edit #')
    vim.o.hidden = true
  end)
end

t.test('source deleted, other windows left: the outline closes', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('BulletinOutline')
  local _, win = outline_lines()
  vim.cmd('wincmd p')
  vim.cmd('split ' .. vim.fn.fnameescape(vim.fn.tempname() .. '.txt'))
  local keep = vim.api.nvim_get_current_win()
  vim.cmd('bdelete ' .. buf)
  vim.wait(50)
  t.ok(not vim.api.nvim_win_is_valid(win), 'outline window closed')
  t.eq(0, outline_windows(), 'no outline window anywhere')
  t.eq({ keep }, vim.api.nvim_tabpage_list_wins(0), 'the other window stays')
  t.eq(nil, (require('bulletin.outline').win()))
  t.eq('', vim.v.errmsg, 'no error')
end)

for _, cmd in ipairs({ 'bdelete', 'bwipeout' }) do
  t.test('source ' .. cmd .. ' beside the outline: the outline closes', function()
    local buf = t.open(t.tmpcopy(t.sample))
    vim.cmd('BulletinOutline')
    local _, win = outline_lines()
    vim.cmd('wincmd p')
    vim.cmd(cmd .. ' ' .. buf)
    vim.wait(50)
    t.ok(not vim.api.nvim_win_is_valid(win), 'outline window closed')
    t.eq(0, outline_windows(), 'no window shows the outline of the deleted buffer')
    t.eq(1, #vim.api.nvim_list_wins(), 'one window left')
    t.eq(nil, (require('bulletin.outline').win()))
    t.eq('', vim.v.errmsg, 'no error')
  end)

  t.test('source ' .. cmd .. ' when the outline is the last window: another buffer in it', function()
    local buf = t.open(t.tmpcopy(t.sample))
    vim.cmd('BulletinOutline')
    local _, win = outline_lines()
    vim.cmd('wincmd p')
    vim.cmd('close')
    t.eq({ win }, vim.api.nvim_list_wins(), 'the outline alone')
    vim.cmd(cmd .. ' ' .. buf)
    vim.wait(50)
    t.eq(0, outline_windows(), 'no window shows the outline of the deleted buffer')
    t.eq({ win }, vim.api.nvim_list_wins(), 'the window stays (the last one)')
    t.ok(vim.bo[vim.api.nvim_win_get_buf(win)].filetype ~= 'bulletinoutline', 'an ordinary buffer in it')
    t.eq(false, vim.wo[win].winfixwidth, "outline window options reset: 'winfixwidth'")
    t.eq(vim.go.foldenable, vim.wo[win].foldenable, "outline window options reset: 'foldenable'")
    t.eq(nil, (require('bulletin.outline').win()))
    t.eq('', vim.v.errmsg, 'no error')
    -- :BulletinOutline works again afterwards
    t.open(t.tmpcopy(t.sample))
    vim.cmd('BulletinOutline')
    t.ok((require('bulletin.outline').win()), 'opens again')
    vim.cmd('wincmd p')
  end)
end

t.test('source deleted in another tab page when the outline is alone there: the tab closes', function()
  t.eq(true, vim.o.hidden, "'hidden'")
  t.open(t.tmpcopy(t.sample))
  vim.cmd('tabnew')
  local buf = t.open(t.tmpcopy(t.sample, 'tab.bulletin'))
  vim.cmd('BulletinOutline')
  vim.cmd('wincmd p')
  t.eq(2, #vim.api.nvim_list_tabpages())
  vim.cmd('bwipeout ' .. buf)
  vim.wait(50)
  t.eq(0, outline_windows(), 'no outline window')
  t.eq(1, #vim.api.nvim_list_tabpages(), 'the tab page of the dead tree is gone')
end)

t.test(':quit in the source window leaves no lone outline', function()
  t.eq(true, vim.o.hidden, "'hidden' (the source buffer stays loaded)")
  t.open(t.tmpcopy(t.sample))
  vim.cmd('tabnew')
  t.open(t.tmpcopy(t.sample, 'q.bulletin'))
  vim.cmd('BulletinOutline')
  vim.cmd('wincmd p')
  vim.cmd('quit')
  vim.wait(50)
  t.eq(1, #vim.api.nvim_list_tabpages(), ':quit closed the tab page with its outline')
  t.eq(0, outline_windows(), 'no outline window')
end)

t.test('an open outline shows no stale tree once the buffer is refused', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('BulletinOutline')
  local lines, win = outline_lines()
  t.eq(#E.items, #lines)
  require('bulletin.helper')._on_push({ buf = buf, refused = true,
    error = 'bulletin: buffer ' .. buf .. " has more than 1000000 lines (the helper's limit); syntax highlighting only for it" })
  vim.wait(50)
  -- called directly: what the outline shows once it re-renders (bulletin.buffer
  -- calls on_update on outline pushes; on a refusal it does not, yet)
  require('bulletin.outline').on_update(buf)
  lines = outline_lines()
  t.eq(1, #lines, 'one line: ' .. vim.inspect(lines))
  t.match('refused this buffer as too big', lines[1])
  t.ok(vim.api.nvim_win_is_valid(win))
end)

t.finish()
