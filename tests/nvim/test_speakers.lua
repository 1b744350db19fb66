-- :BulletinSpeakers and :BulletinRename (issue 11, "Speakers"): the
-- buffer's speakers as the CLI's speaker index has them, a quickfix list
-- or a vim.ui.select picker that jumps, and a rename of every attribution
-- (and nothing else) as one undo step.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local speakers = require('bulletin.speakers')

local api = vim.api

local SAMPLE = {
  '[LEAD]',
  'Kang Yu-jung spoke today. Kang Yu-jung / Spokesperson is her title.',
  '',
  'Kang Yu-jung / Presidential Spokesperson',
  '"Kang Yu-jung will not comment," she said.',
  '',
  '[REPORT]',
  'The office of Kang Yu-jung answered later.',
  '',
  '[Kang Yu-jung/Pres. Spokesperson: "We are ready."]',
  '',
  'Park Min-ho / Reporter',
  '"Kang Yu-jung left."',
  '',
  '[Soundbite] Kang Yu-jung (Spokesperson): "Once more."',
}

local function sample(lines)
  local path = vim.fn.tempname() .. '.bulletin'
  vim.fn.writefile(lines or SAMPLE, path)
  return t.open(path)
end

local function text(buf)
  return api.nvim_buf_get_lines(buf, 0, -1, false)
end

t.test(':BulletinSpeakers fills the quickfix list, one entry per speaker', function()
  local buf = sample()
  vim.cmd('BulletinSpeakers')
  local qf = vim.fn.getqflist({ title = 1, items = 1 })
  t.eq('bulletin speakers', qf.title)
  local got = {}
  for _, it in ipairs(qf.items) do
    t.eq(buf, it.bufnr)
    got[#got + 1] = { it.lnum, it.text }
  end
  t.eq({
    { 4, 'Kang Yu-jung (Presidential Spokesperson; Pres. Spokesperson; Spokesperson): 3 soundbites' },
    { 12, 'Park Min-ho (Reporter): 1 soundbite' },
  }, got)
end)

t.test('the index agrees with `bulletin speakers` on every corpus file', function()
  local files = vim.fn.glob(t.root .. '/tests/corpus/data/*.txt', false, true)
  t.ok(#files >= 40, 'corpus files: ' .. #files)
  local compared = 0
  for _, src in ipairs(files) do
    local path = t.tmpcopy(src)
    local out = vim.fn.system({ t.bin, 'speakers', '--format', 'json', path })
    t.eq(0, vim.v.shell_error, out)
    local want = {}
    for _, sp in ipairs(vim.fn.json_decode(out).speakers) do
      local roles = {}
      for _, r in ipairs(sp.roles) do
        if r.role ~= vim.NIL then
          roles[#roles + 1] = r.role
        end
      end
      want[#want + 1] = { sp.name, sp.count, roles }
    end
    local buf = t.open(path)
    local got = {}
    for _, sp in ipairs(speakers.index(require('bulletin').outline(buf))) do
      got[#got + 1] = { sp.name, #sp.items, sp.roles }
    end
    t.eq(want, got, path)
    compared = compared + #got
    vim.cmd('bwipeout!')
  end
  t.ok(compared > 50, 'speakers compared: ' .. compared)
end)

t.test(':BulletinSpeakers! picks a speaker, then a soundbite, and jumps there', function()
  local buf = sample()
  local prompts = {}
  local orig = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    prompts[#prompts + 1] = { opts.prompt, vim.tbl_map(opts.format_item, items) }
    on_choice(items[#prompts == 1 and 1 or 2], #prompts == 1 and 1 or 2)
  end
  local ok, err = pcall(vim.cmd, 'BulletinSpeakers!')
  vim.ui.select = orig
  t.ok(ok, err)
  t.eq('Speaker', prompts[1][1])
  t.eq(2, #prompts[1][2])
  t.eq('Kang Yu-jung', prompts[2][1])
  t.eq(3, #prompts[2][2])
  t.match('^line 10: Kang Yu%-jung %(Pres%. Spokesperson%): We are ready', prompts[2][2][2])
  t.eq({ 10, 0 }, api.nvim_win_get_cursor(0))
  t.eq(buf, api.nvim_get_current_buf())
end)

t.test(':BulletinRename changes every attribution and nothing else, as one undo step', function()
  local buf = sample()
  local before = text(buf)
  local seq = vim.fn.undotree().seq_last
  vim.cmd('BulletinRename Kang\\ Yu-jung Kang\\ Yujung')
  local after = text(buf)
  local want = vim.deepcopy(SAMPLE)
  want[4] = 'Kang Yujung / Presidential Spokesperson'
  want[10] = '[Kang Yujung/Pres. Spokesperson: "We are ready."]'
  want[15] = '[Soundbite] Kang Yujung (Spokesperson): "Once more."'
  t.eq(want, after)
  t.eq(seq + 1, vim.fn.undotree().seq_last, 'one undo step')
  vim.cmd('undo')
  t.eq(before, text(buf), 'one :undo restores every line')
  vim.cmd('redo')
  t.eq(want, text(buf))
  -- the helper's view follows: the new name is the speaker now
  t.ok(require('bulletin').wait(buf, 5000), 'helper caught up')
  local names = {}
  for _, sp in ipairs(speakers.index(require('bulletin').outline(buf))) do
    names[#names + 1] = sp.name
  end
  t.eq({ 'Kang Yujung', 'Park Min-ho' }, names)
end)

t.test(':BulletinRename with words around / and after unsaved edits', function()
  local buf = sample()
  -- an edit first: the spans used must be those of the text as it is now
  api.nvim_buf_set_lines(buf, 0, 0, false, { 'Park Min-ho / Anchor', '"Hello."', '' })
  vim.cmd('BulletinRename Park Min-ho / Pak Min Ho')
  local lines = text(buf)
  t.eq('Pak Min Ho / Anchor', lines[1])
  t.eq('Pak Min Ho / Reporter', lines[15])
  t.eq('"Kang Yu-jung left."', lines[16])
end)

t.test(':BulletinRename of a name no attribution has changes nothing', function()
  local buf = sample()
  local seq = vim.fn.undotree().seq_last
  local msgs = {}
  local orig = vim.notify
  vim.notify = function(m)
    msgs[#msgs + 1] = m
  end
  vim.cmd('BulletinRename Nobody Else')
  vim.cmd('BulletinRename OnlyOneWord')
  vim.notify = orig
  t.eq(SAMPLE, text(buf))
  t.eq(seq, vim.fn.undotree().seq_last)
  t.eq('bulletin: cannot rename: no attribution names Nobody', msgs[1])
  t.match('^bulletin: usage: :BulletinRename', msgs[2])
end)

t.test('completion offers the speakers with spaces escaped', function()
  sample()
  t.eq({ 'Kang\\ Yu-jung' }, vim.fn.getcompletion('BulletinRename Ka', 'cmdline'))
end)

t.finish()
