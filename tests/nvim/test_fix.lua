-- :BulletinFix / :BulletinFix!, fixes in the diagnostics' user_data, and
-- fix on save (issue 11, "Fixes"), on real corpus text: a corpus file is
-- damaged as files arrive, and the fixes give it back; one undo step takes
-- them all back exactly.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local api = vim.api

local notes = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  notes[#notes + 1] = msg
  return orig_notify(msg, level, opts)
end

local ZWSP = '\226\128\139'
local corpus = t.root .. '/tests/corpus/data/025.txt'
local TAG = { ['[Anchor Lead]'] = true, ['[Pkg]'] = true, ['[LEAD]'] = true, ['[REPORT]'] = true }

-- The corpus file's lines, and a damaged copy's path: every known section
-- tag line changed by how(line).
local function damaged(how)
  local lines = vim.fn.readfile(corpus)
  local bad, n = {}, 0
  for i, l in ipairs(lines) do
    if TAG[l] then
      bad[i] = how(l)
      n = n + 1
    else
      bad[i] = l
    end
  end
  t.ok(n >= 3, 'the corpus file has section tags')
  local path = vim.fn.tempname() .. '.bulletin'
  vim.fn.writefile(bad, path)
  return lines, bad, path, n
end

local function lines(buf)
  return api.nvim_buf_get_lines(buf, 0, -1, false)
end

t.test('diagnostics carry their fixes in user_data', function()
  local _, bad, path = damaged(function(l)
    return l:lower()
  end)
  local buf = t.open(path)
  vim.cmd('silent write') -- lint on save
  t.wait_for(5000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 'diagnostics')
  local seen = 0
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'unknown-tag' then
      local f = d.user_data.fixes[1]
      t.ok(f and f.safe, 'a safe fix: ' .. vim.inspect(d.user_data))
      t.eq(d.lnum, f.edits[1].lnum)
      t.eq(bad[d.lnum + 1], bad[d.lnum + 1]:lower(), 'the damaged line')
      t.match('^Write %[', f.title)
      seen = seen + 1
    end
  end
  t.ok(seen >= 3, 'unknown tags seen: ' .. seen)
end)

t.test(':BulletinFix fixes the cursor line only; u undoes it', function()
  local orig, bad, path = damaged(function(l)
    return '[ ' .. l:sub(2, -2) .. ' ]'
  end)
  local buf = t.open(path)
  local row
  for i, l in ipairs(bad) do
    if l ~= orig[i] then
      row = row or i
    end
  end
  api.nvim_win_set_cursor(0, { row, 0 })
  vim.cmd('BulletinFix')
  local now = lines(buf)
  t.eq(orig[row], now[row], 'the cursor line fixed')
  for i = row + 1, #bad do
    t.eq(bad[i], now[i], 'line ' .. i .. ' untouched')
  end
  vim.cmd('silent undo')
  t.eq(bad, lines(buf), 'u restores the text exactly')
  notes = {}
  api.nvim_win_set_cursor(0, { row + 1, 0 })
  vim.cmd('BulletinFix')
  t.match('no fix on this line', table.concat(notes, '\n'))
  t.eq(bad, lines(buf))
end)

t.test(':BulletinFix with several fixes asks, the unsafe one labelled', function()
  local buf = t.open(t.tmpcopy(corpus, 'menu.bulletin'))
  local orig = lines(buf)
  local row
  for i, l in ipairs(orig) do
    if l == '[Pkg]' then
      row = row or i
    end
  end
  api.nvim_buf_set_lines(buf, row - 1, row, false, { ZWSP .. '[Pgk]' })
  local asked
  local saved = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    asked = {}
    for _, it in ipairs(items) do
      asked[#asked + 1] = opts.format_item(it)
    end
    for _, it in ipairs(items) do
      if not it.safe then
        return on_choice(it, 1)
      end
    end
  end
  api.nvim_win_set_cursor(0, { row, 0 })
  local ok, err = pcall(vim.cmd, 'BulletinFix')
  vim.ui.select = saved
  t.ok(ok, err)
  t.eq({ 'Delete the invisible U+200B before the tag', 'Replace with the nearest tag [Pkg] (unsafe)' }, asked)
  t.eq(ZWSP .. '[Pkg]', lines(buf)[row], 'the unsafe fix chosen')
end)

t.test(':BulletinFix! applies every safe fix as one undo step', function()
  local orig, _, path, n = damaged(function(l)
    return ZWSP .. '[ ' .. l:sub(2, -2):lower() .. '  '
  end)
  local buf = t.open(path)
  -- and a typo, which is unsafe: left alone
  local typo = 6
  t.ok(not TAG[orig[typo - 1]] and not TAG[orig[typo]], 'the typo goes between text lines')
  api.nvim_buf_set_lines(buf, typo - 1, typo - 1, false, { '[REPROT]' })
  vim.o.undolevels = vim.o.undolevels -- an undo break, as typing would make
  local before = lines(buf)
  local tick = api.nvim_buf_get_changedtick(buf)
  notes = {}
  vim.cmd('BulletinFix!')
  local want = vim.deepcopy(orig)
  table.insert(want, typo, '[REPROT]')
  t.eq(want, lines(buf), 'every safe fix, no unsafe one')
  t.match(string.format('%d fixes applied', 2 * n), table.concat(notes, '\n'))
  t.ok(api.nvim_buf_get_changedtick(buf) > tick, 'changed')
  vim.cmd('silent undo')
  t.eq(before, lines(buf), 'one u restores the text exactly')
  vim.cmd('silent redo')
  t.eq(want, lines(buf), 'and redo brings the fixes back')
  -- nothing left to fix: nothing changes
  tick = api.nvim_buf_get_changedtick(buf)
  vim.cmd('BulletinFix!')
  t.eq(tick, api.nvim_buf_get_changedtick(buf), 'a second :BulletinFix! changes nothing')
end)

t.test(':BulletinFix! with hundreds of fixes: all in one round, one undo step', function()
  local orig = vim.fn.readfile(corpus)
  local text, want = {}, {}
  for i = 1, 150 do
    vim.list_extend(text, { ZWSP .. '[lead]  ', orig[2] .. ' ' .. i, '[ pkg', orig[4] })
    vim.list_extend(want, { '[LEAD]', orig[2] .. ' ' .. i, '[Pkg]', orig[4] })
  end
  local path = vim.fn.tempname() .. '.bulletin'
  vim.fn.writefile(text, path)
  local buf = t.open(path)
  notes = {}
  vim.cmd('BulletinFix!')
  t.eq(want, lines(buf))
  t.match('450 fixes applied', table.concat(notes, '\n'))
  vim.cmd('silent undo')
  t.eq(text, lines(buf), 'one u restores the text exactly')
end)

t.test('fix on save: off by default, then on', function()
  local orig, bad, path = damaged(function(l)
    return l:lower()
  end)
  local buf = t.open(path)
  vim.cmd('silent write')
  t.eq(bad, vim.fn.readfile(path), 'off by default: written as it is')
  require('bulletin').setup({ fix_on_save = true })
  vim.cmd('silent write')
  t.eq(orig, lines(buf), 'the buffer fixed')
  t.eq(orig, vim.fn.readfile(path), 'and the file written fixed')
  require('bulletin').setup({})
  t.eq(false, require('bulletin.config').options.fix_on_save)
end)

t.finish()
