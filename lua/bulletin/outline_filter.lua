-- bulletin.outline_filter: which outline items show and what they read,
-- with no window: depth (1 stories, 2 and sections, 3 and soundbites), the
-- filter (speaker, kind), the arguments of :BulletinOutline and
-- :BulletinPick that set them, and the times (m:ss, running totals) from
-- the `seconds` the helper sends with the items. bulletin.outline and
-- bulletin.pick show what this module selects.
local M = {}

local config = require('bulletin.config')
local nz = require('bulletin.state').nz

-- Item kinds by the names a filter takes.
local KINDS = {
  story = 'story', stories = 'story',
  section = 'section', sections = 'section',
  soundbite = 'quote', soundbites = 'quote', quote = 'quote', quotes = 'quote',
}
-- The depth at which each kind shows.
local RANK = { story = 1, section = 2, quote = 3 }

-- Whether item it passes the filter of settings s.
local function matches(it, s)
  if s.kind and it.kind ~= s.kind then
    return false
  end
  if s.speaker then
    -- as :BulletinQuotes: part of the speaker's name, any case
    return it.kind == 'quote' and (nz(it.speaker) or ''):lower():find(s.speaker:lower(), 1, true) ~= nil
  end
  return true
end

-- The items of the list shown under settings s ({depth, speaker, kind}):
-- down to s.depth (1 stories, 2 and sections, 3 and soundbites), and with
-- a filter those it keeps; a speaker filter alone keeps the story and the
-- section around each soundbite it keeps, as context.
---@param items bulletin.OutlineItem[]
---@param s table {depth?, speaker?, kind?}
---@return bulletin.OutlineItem[]
function M.visible(items, s)
  local depth = s.depth or 3
  local filtered = s.kind or s.speaker
  if not filtered then
    if depth >= 3 then
      return items
    end
    local out = {}
    for _, it in ipairs(items) do
      if (RANK[it.kind] or 3) <= depth then
        out[#out + 1] = it
      end
    end
    return out
  end
  local keep, around = {}, {}
  for i, it in ipairs(items) do
    local rank = RANK[it.kind] or 3
    around[rank] = i
    for r = rank + 1, 3 do
      around[r] = nil
    end
    if matches(it, s) then
      keep[i] = true
      if not s.kind then
        for r = 1, rank - 1 do
          if around[r] then
            keep[around[r]] = true
          end
        end
      end
    end
  end
  local out = {}
  for i, it in ipairs(items) do
    if keep[i] and (RANK[it.kind] or 3) <= depth then
      out[#out + 1] = it
    end
  end
  return out
end

-- m:ss (minutes past 59 stay minutes: 75:00).
---@param seconds number
---@return string
function M.mmss(seconds)
  return require('bulletin.timing').mss(seconds) -- one m:ss for every view
end

-- The running total at the end of each story and section (item -> seconds),
-- from the `seconds` the helper sends: a story ends at the sum of the
-- stories up to it, a section at its story's start plus its sections up to
-- it. Past a story without `seconds` there is no running total (its own
-- sections still run on from its start); nor past a section without them
-- in its story.
---@param items bulletin.OutlineItem[]
---@return table<table, number>
function M.running(items)
  local ends, total, section_end = {}, 0, nil
  for _, it in ipairs(items) do
    local sec = type(it.seconds) == 'number' and it.seconds or nil
    if it.kind == 'story' then
      section_end = total
      if sec and total then
        total = total + sec
        ends[it] = total
      else
        total = nil
      end
    elseif it.kind == 'section' then
      section_end = sec and section_end and section_end + sec or nil
      ends[it] = section_end
    end
  end
  return ends
end

-- The settings s in the words of :BulletinOutline (depth=2 speaker=Kang).
---@param s table
---@return string
function M.describe(s)
  local words = {}
  if s.depth and s.depth ~= 3 then
    words[#words + 1] = 'depth=' .. s.depth
  end
  if s.kind then
    words[#words + 1] = 'kind=' .. (s.kind == 'quote' and 'soundbite' or s.kind)
  end
  if s.speaker then
    words[#words + 1] = 'speaker=' .. s.speaker
  end
  return table.concat(words, ' ')
end

-- Parses the arguments of :BulletinOutline and :BulletinPick: depth=N,
-- speaker=NAME (the words up to the next key=value; empty: no speaker
-- filter), kind=story|section|soundbite (empty: no kind filter), and, when
-- loclist_ok, loclist. filter_only (the f prompt): no depth, and a bare word
-- is a speaker. Returns {depth?, speaker?, kind?, loclist?} with false for
-- a cleared filter, or nil and a message.
---@param str? string
---@param filter_only? boolean
---@param loclist_ok? boolean
---@return table?
---@return string?
function M.parse_args(str, filter_only, loclist_ok)
  local r, last = {}, nil
  for word in (str or ''):gmatch('%S+') do
    local key, val = word:match('^(%a+)=(.*)$')
    if key == 'depth' and not filter_only then
      local d = tonumber(val)
      if not (d == 1 or d == 2 or d == 3) then
        return nil, 'bulletin: depth must be 1 (stories), 2 (and sections) or 3 (and soundbites), got ' .. val
      end
      r.depth, last = d, nil
    elseif key == 'speaker' then
      r.speaker, last = val ~= '' and val or false, 'speaker'
    elseif key == 'kind' then
      if val ~= '' and not KINDS[val:lower()] then
        return nil, 'bulletin: kind must be story, section or soundbite, got ' .. val
      end
      r.kind, last = val ~= '' and KINDS[val:lower()] or false, nil
    elseif word == 'loclist' and loclist_ok and not key then
      r.loclist, last = true, nil
    elseif not key and last == 'speaker' and r.speaker then
      r.speaker = r.speaker .. ' ' .. word -- speaker=Kang Yu-jung
    elseif not key and filter_only and r.speaker == nil then
      r.speaker, last = word, 'speaker'
    else
      return nil, 'bulletin: unknown argument ' .. word .. ' (takes ' .. (filter_only and '' or 'depth=1|2|3 ')
        .. 'speaker=NAME kind=story|section|soundbite' .. (loclist_ok and ' loclist' or '') .. ')'
    end
  end
  return r
end

--- The default settings with the parsed arguments r (parse_args) over them.
---@param r table
---@return table {depth, speaker?, kind?}
function M.settings_from(r)
  local s = { depth = config.options.outline.depth or 3 }
  for _, k in ipairs({ 'depth', 'speaker', 'kind' }) do
    if r[k] ~= nil then
      s[k] = r[k] or nil
    end
  end
  return s
end

return M
