-- Tiny test harness for the functional tests (run by tests/nvim/run.sh).
--   local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
--   t.test('name', function() t.eq(a, b) end)
--   t.finish()
local t = {}

t.root = vim.env.BULLETIN_ROOT or vim.fn.getcwd()
t.sample = t.root .. '/samples/news-today.bulletin'
t.fixtures = t.root .. '/tests/nvim/fixtures'
t.bin = t.root .. '/build/bulletin'

local out_path = vim.env.BULLETIN_TEST_OUT
local results = {}

local function emit(line)
  results[#results + 1] = line
  if out_path then
    local f = io.open(out_path, 'a')
    f:write(line, '\n')
    f:close()
  else
    io.stdout:write(line, '\n')
  end
end

function t.fail(msg, level)
  error(msg, (level or 1) + 1)
end

function t.eq(want, got, what)
  if not vim.deep_equal(want, got) then
    error(string.format('%s: want %s, got %s', what or 'eq', vim.inspect(want), vim.inspect(got)), 2)
  end
end

function t.ok(cond, what)
  if not cond then
    error((what or 'expected true'), 2)
  end
end

function t.match(pat, s, what)
  if type(s) ~= 'string' or not s:find(pat) then
    error(string.format('%s: %s does not match %s', what or 'match', vim.inspect(s), pat), 2)
  end
end

-- A fresh editor: every buffer and window gone.
function t.reset()
  vim.cmd('silent! cclose')
  vim.cmd('silent! lclose')
  vim.cmd('silent! only!')
  vim.cmd('silent! tabonly!')
  vim.cmd('silent! %bwipeout!')
  vim.fn.setqflist({}, 'r')
  vim.fn.setreg('/', 'untouched-search')
  vim.v.errmsg = ''
end

function t.test(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    emit('ok ' .. name)
  else
    emit('not ok ' .. name .. ': ' .. tostring(err):gsub('\n', '\n    '))
  end
  pcall(t.reset)
end

-- Waits for cond() (a function) up to ms.
function t.wait_for(ms, cond, what)
  if not vim.wait(ms, cond, 10) then
    error('timed out waiting for ' .. (what or 'condition'), 2)
  end
end

-- Copies a file to a temporary path with the given name (ext kept).
function t.tmpcopy(src, name)
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local dst = dir .. '/' .. (name or vim.fn.fnamemodify(src, ':t'))
  vim.fn.writefile(vim.fn.readfile(src, 'b'), dst, 'b')
  return dst
end

-- Edits a file as a bulletin (without waiting for the helper).
function t.edit(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  if vim.bo.filetype ~= 'bulletin' then
    vim.bo.filetype = 'bulletin'
  end
  return vim.api.nvim_get_current_buf()
end

-- Opens a file and waits until the helper's results are applied.
function t.open(path, timeout)
  if not path:find('/') then
    path = t.fixtures .. '/' .. path
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  -- Detection itself is tested in test_ftplugin.lua; here it is not the point.
  if vim.bo[buf].filetype ~= 'bulletin' then
    vim.bo[buf].filetype = 'bulletin'
  end
  t.ok(require('bulletin').wait(buf, timeout or 5000), 'helper results applied for ' .. path
    .. ' (helper status ' .. require('bulletin').status() .. ')')
  return buf
end

-- Extmark groups in namespace 'bulletin' on a 0-based line:
-- list of {col, end_col, group}.
function t.marks(buf, line)
  local ns = vim.api.nvim_create_namespace('bulletin')
  local res = {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, ns, { line, 0 }, { line, -1 }, { details = true })) do
    res[#res + 1] = { m[3], m[4].end_col, m[4].hl_group }
  end
  table.sort(res, function(a, b)
    return a[1] < b[1]
  end)
  return res
end

-- The group of the extmark covering (line, col), 0-based, or nil.
function t.group_at(buf, line, col)
  for _, m in ipairs(t.marks(buf, line)) do
    if m[1] <= col and col < m[2] then
      return m[3]
    end
  end
end

-- Feeds keys as typed (with remapping) and processes them.
function t.feed(keys)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'mtx', false)
end

function t.cursor()
  return vim.api.nvim_win_get_cursor(0)
end

-- Calls fn(p, st) after the plugin applied each push p of the buffer of
-- file path (st: its state). Returns a function that stops it.
function t.after_each_push(path, fn)
  local helper = require('bulletin.helper')
  local orig = helper._on_push
  helper._on_push = function(p)
    local r = orig(p)
    local st = require('bulletin.state').get(p.buf)
    if st and p.buf == vim.fn.bufnr(path) then
      fn(p, st)
    end
    return r
  end
  return function()
    helper._on_push = orig
  end
end

-- Holds the idle slices that bulletin.state schedules (its vim.defer_fn
-- calls) instead of running them. Returns the list they go to, in order,
-- and a function that puts vim.defer_fn back.
function t.hold_idle_slices()
  local held = {}
  local defer = vim.defer_fn
  vim.defer_fn = function(fn, ms)
    if debug.getinfo(fn, 'S').source:find('bulletin/state.lua', 1, true) then
      held[#held + 1] = fn
      return nil
    end
    return defer(fn, ms)
  end
  return held, function()
    vim.defer_fn = defer
  end
end

-- Outline items (maps) as a push carries them (PROTOCOL.md "Outline items
-- in pushes"): arrays of their values in a fixed order, the kind an
-- Integer, the whole array msgpack-encoded as the bin Neovim hands the
-- plugin as a string (protocol 4); written from the protocol, not with
-- bulletin.wire.
function t.wire_items(items)
  return vim.mpack.encode(t.wire_arrays(items))
end

-- The item arrays of t.wire_items, not encoded.
function t.wire_arrays(items)
  local out = {}
  for i, it in ipairs(items) do
    if it.kind == 'story' then
      out[i] = { 0, it.level, it.line, it.end_line, it.title }
    elseif it.kind == 'section' then
      out[i] = { 1, it.level, it.line, it.end_line, it.tag, it.section }
    else
      out[i] = { 2, it.level, it.line, it.end_line, it.quote_line, it.form, it.speaker, it.role,
        it.quote, it.quote_span or vim.NIL }
    end
  end
  return out
end

-- A bulletin of about `lines` lines in a temporary file (its path): the
-- sample's header, then its first story's lines under new numbered titles.
function t.big_file(lines)
  local sample = vim.fn.readfile(t.sample)
  local out = { sample[1], sample[2], '' }
  local k = 1
  while #out < lines do
    out[#out + 1] = k .. '. Story Number ' .. k .. ' Of The Day'
    out[#out + 1] = ''
    for i = 6, 21 do
      out[#out + 1] = sample[i]
    end
    k = k + 1
  end
  local path = vim.fn.tempname() .. '.bulletin'
  vim.fn.writefile(out, path)
  return path
end

function t.finish()
  emit('done')
  vim.cmd('qa!')
end

return t
