-- One source of truth for soundbites (issue 7, redesign): the quote text the
-- plugin shows (:BulletinQuotes, the outline window, iq, outline()) is the
-- helper's, the same as `bulletin quotes --format json` prints, for every
-- corpus file.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local quotes = require('bulletin.quotes')

local dir = t.root .. '/tests/corpus/data'
local files = vim.fn.glob(dir .. '/*.txt', false, true)
table.sort(files)

local function nz(v)
  if v == vim.NIL then
    return nil
  end
  return v
end

-- The CLI's soundbites of path: list of {line, speaker, role, quote}.
local function cli_quotes(path)
  local out = vim.fn.system({ t.bin, 'quotes', '--format', 'json', path })
  t.eq(0, vim.v.shell_error, 'bulletin quotes ' .. path .. ': ' .. out)
  local res = {}
  for _, q in ipairs(vim.fn.json_decode(out)) do
    res[#res + 1] = { line = q.line, speaker = nz(q.speaker), role = nz(q.role), quote = nz(q.quote) }
  end
  return res
end

local function who(q)
  local w = q.speaker or 'Anonymous'
  if q.role and q.role ~= '' then
    w = w .. ' (' .. q.role .. ')'
  end
  return w
end

t.test('the corpus is there', function()
  t.ok(#files >= 40, 'corpus files in ' .. dir .. ': ' .. #files)
end)

t.test('outline(), :BulletinQuotes, the outline window and iq show the CLI quotes, every corpus file', function()
  local total, with_text = 0, 0
  local bad = {}
  local function check(cond, what)
    if not cond then
      bad[#bad + 1] = what
    end
  end
  for _, src in ipairs(files) do
    local name = vim.fn.fnamemodify(src, ':t')
    -- a copy in a directory of its own: no .bulletinrc from around the corpus
    local path = t.tmpcopy(src, name)
    local want = cli_quotes(path)
    local buf = t.open(path)
    vim.cmd('normal! zR') -- iq in a closed fold is test_nav's
    -- outline(): quote items, in order, with the CLI's line and text
    local items = {}
    for _, it in ipairs(require('bulletin').outline(buf)) do
      if it.kind == 'quote' then
        items[#items + 1] = it
      end
    end
    check(#items == #want, name .. ': ' .. #items .. ' quote items, CLI ' .. #want)
    for i, q in ipairs(want) do
      local it = items[i] or {}
      total = total + 1
      if q.quote then
        with_text = with_text + 1
      end
      check(it.line == q.line, name .. ' #' .. i .. ': line ' .. tostring(it.line) .. ', CLI ' .. q.line)
      check(nz(it.quote) == q.quote, name .. ':' .. q.line .. ': outline() quote ' .. vim.inspect(nz(it.quote)) .. ', CLI ' .. vim.inspect(q.quote))
    end
    -- :BulletinQuotes
    vim.cmd('BulletinQuotes')
    local qf = vim.fn.getqflist()
    check(#qf == #want, name .. ': ' .. #qf .. ' quickfix entries, CLI ' .. #want)
    for i, q in ipairs(want) do
      local e = qf[i] or {}
      local text = who(q) .. (q.quote and q.quote ~= '' and (': ' .. quotes.first_words(q.quote, 10)) or '')
      check(e.lnum == q.line, name .. ' #' .. i .. ': quickfix line ' .. tostring(e.lnum) .. ', CLI ' .. q.line)
      check(e.text == text, name .. ':' .. q.line .. ': quickfix ' .. vim.inspect(e.text) .. ', from the CLI ' .. vim.inspect(text))
    end
    vim.cmd('cclose')
    -- the outline window: one row per item; the quote rows
    vim.cmd('BulletinOutline')
    local win, obuf = require('bulletin.outline').win(buf)
    check(win ~= nil, name .. ': outline window')
    if win then
      local rows = vim.api.nvim_buf_get_lines(obuf, 0, -1, false)
      local k = 0
      for r, it in ipairs(require('bulletin').outline(buf)) do
        if it.kind == 'quote' then
          k = k + 1
          local q = want[k]
          if q then
            local indent = string.rep('  ', math.max((it.level or 1) - 1, 0))
            local row = indent .. (q.speaker or 'Anonymous')
            if q.quote and q.quote ~= '' then
              row = row .. ': ' .. quotes.first_words(q.quote, 6)
            elseif q.role then
              row = row .. ' (' .. q.role .. ')'
            end
            check(rows[r] == row, name .. ':' .. q.line .. ': outline row ' .. vim.inspect(rows[r]) .. ', from the CLI ' .. vim.inspect(row))
          end
        end
      end
      vim.cmd('BulletinOutline') -- closes it (focus is in it)
    end
    -- iq yanks the quote text (line breaks where the CLI joins lines)
    for i, q in ipairs(want) do
      if q.quote and q.quote ~= '' and items[i] then
        vim.fn.setreg('"', 'none')
        vim.api.nvim_win_set_cursor(0, { items[i].line, 0 })
        t.feed('yiq')
        local got = vim.fn.getreg('"'):gsub('%s*\n%s*', ' ')
        check(got == q.quote, name .. ':' .. q.line .. ': yiq ' .. vim.inspect(got) .. ', CLI ' .. vim.inspect(q.quote))
      end
    end
    vim.cmd('silent! %bwipeout!')
  end
  t.eq({}, bad, 'differences from `bulletin quotes`')
  t.ok(total > 50 and with_text > 40, string.format('compared %d soundbites, %d with text', total, with_text))
end)

t.finish()
