-- setup({ vocab = ... }) takes a whole dialect in .bulletinrc keys, checked
-- by the helper's .bulletinrc parser (issue 8, part 2), and :checkhealth
-- bulletin tells which .bulletinrc and dialect are in force.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

local notes = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  notes[#notes + 1] = { msg = msg, level = level }
  return orig_notify(msg, level, opts)
end

-- dialects/ytn.bulletinrc as a setup() table.
local YTN = {
  dialect = 'ytn',
  ['ytn.lead'] = { '[Anchor]' },
  ['ytn.report'] = { '[Reporter]' },
  dateline = { '%Y.%m.%d. %p %I:%M' },
  attribution = { '[{speaker} / {role}: {quote}]' },
}
local FIELDS = { 'kind', 'level', 'line', 'end_line', 'title', 'tag', 'section', 'quote_line', 'form', 'speaker', 'role' }

local function pick(it)
  local r = {}
  for _, k in ipairs(FIELDS) do
    if it[k] ~= nil and it[k] ~= vim.NIL then
      r[k] = it[k]
    end
  end
  return r
end

local function setup(vocab)
  notes = {}
  require('bulletin').setup({ cmd = { t.bin, 'rpc' }, vocab = vocab })
  return notes
end

-- A copy of dialects/NAME.txt in a directory of its own (no .bulletinrc).
local function sample(name)
  return t.tmpcopy(t.root .. '/dialects/' .. name .. '.txt')
end

t.test('setup({ vocab = ytn }) outlines dialects/ytn.txt as bulletin --config does', function()
  t.eq({}, setup(YTN), 'no message')
  local out = vim.fn.system({ t.bin, '--config', t.root .. '/dialects/ytn.bulletinrc', 'outline',
    '--format', 'json', t.root .. '/dialects/ytn.txt' })
  t.eq(0, vim.v.shell_error, 'the CLI ran: ' .. out)
  local want = vim.fn.json_decode(out).items
  local quotes = 0
  for _, it in ipairs(want) do
    quotes = quotes + (it.kind == 'quote' and 1 or 0)
  end
  t.ok(quotes >= 2, 'the CLI finds the ytn soundbites')
  local buf = t.open(sample('ytn'))
  local got = require('bulletin').outline(buf)
  t.eq(#want, #got, 'number of items: ' .. vim.inspect(vim.tbl_map(pick, got)))
  for i, w in ipairs(want) do
    t.eq(pick(w), pick(got[i]), 'item ' .. i)
  end
  setup({})
end)

t.test('a bad template in setup() gets the parser\'s message', function()
  setup({ attribution = { '[{who}]' } })
  local buf = t.open(sample('ytn'))
  t.wait_for(3000, function()
    for _, n in ipairs(notes) do
      if tostring(n.msg):find('vocab: attribution: expected unknown slot', 1, true) then
        return true
      end
    end
    return false
  end, 'a message naming attribution: ' .. vim.inspect(notes))
  local n = 0
  for _, x in ipairs(notes) do
    n = n + (tostring(x.msg):find('attribution', 1, true) and 1 or 0)
  end
  t.eq(1, n, 'one message: ' .. vim.inspect(notes))
  -- nothing of it applies: the outline is the built-in vocabulary's
  local out = vim.fn.system({ t.bin, '--no-config', 'outline', '--format', 'json', t.root .. '/dialects/ytn.txt' })
  local want = vim.tbl_map(pick, vim.fn.json_decode(out).items)
  t.eq(want, vim.tbl_map(pick, require('bulletin').outline(buf)), 'built-in vocabulary')
  setup({})
end)

t.test(':checkhealth bulletin names the .bulletinrc and dialect in force', function()
  setup({})
  local path = sample('ytn')
  local dir = vim.fn.fnamemodify(path, ':h')
  vim.fn.writefile(vim.fn.readfile(t.root .. '/dialects/ytn.bulletinrc'), dir .. '/.bulletinrc')
  local buf = t.open(path)
  vim.cmd('checkhealth bulletin')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  local rc = vim.fn.resolve(dir) .. '/.bulletinrc'
  t.ok(text:find('buffer ' .. buf .. ' (', 1, true), 'names the buffer:\n' .. text)
  t.ok(text:find(rc .. ', dialect ytn, 1 attribution template', 1, true), 'names ' .. rc .. ':\n' .. text)
end)

t.finish()
