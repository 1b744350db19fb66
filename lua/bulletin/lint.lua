-- bulletin.lint: the helper's diagnostics through vim.diagnostic.
local M = {}

--- A diagnostic as the helper sends it (PROTOCOL.md): 0-based, end exclusive.
---@class bulletin.Diagnostic
---@field lnum integer
---@field end_lnum integer
---@field col integer
---@field end_col integer
---@field severity 'error'|'warning'|'info'
---@field code string The lint code of the format (§6)
---@field message string Without the suggestion
---@field suggestion? string
---@field fixes? bulletin.Fix[] Its fixes (PROTOCOL.md; bulletin.fix applies them)

M.ns = vim.api.nvim_create_namespace('bulletin.lint')

local S = vim.diagnostic.severity
local severity = { error = S.ERROR, warning = S.WARN, warn = S.WARN, info = S.INFO, hint = S.HINT }
local qf_type = { error = 'E', warning = 'W', warn = 'W', info = 'I', hint = 'N' }

local nz = require('bulletin.state').nz

-- The text of a diagnostic: the helper's message (protocol 2: never with
-- the suggestion) and, once, the suggestion.
---@param d bulletin.Diagnostic
---@return string
function M.text(d)
  local suggestion = nz(d.suggestion)
  local msg = nz(d.message) or ''
  if suggestion then
    return msg .. ' (did you mean ' .. tostring(suggestion) .. '?)'
  end
  return msg
end

-- Converts the helper's diagnostics to vim.diagnostic's shape.
---@param list? bulletin.Diagnostic[]
---@return table[] # vim.Diagnostic
function M.convert(list)
  local out = {}
  for _, d in ipairs(list or {}) do
    local suggestion = nz(d.suggestion)
    out[#out + 1] = {
      lnum = d.lnum or 0,
      end_lnum = nz(d.end_lnum) or d.lnum or 0,
      col = d.col or 0,
      end_col = nz(d.end_col) or d.col or 0,
      severity = severity[d.severity] or S.WARN,
      message = M.text(d),
      source = 'bulletin',
      code = d.code,
      user_data = { code = d.code, suggestion = suggestion, fixes = type(d.fixes) == 'table' and d.fixes or {} },
    }
  end
  return out
end

--- Shows the helper's diagnostics for buf (replacing the previous ones).
---@param buf integer
---@param list? bulletin.Diagnostic[]
function M.set(buf, list)
  if not vim.api.nvim_buf_is_valid(buf) then
    return
  end
  vim.diagnostic.set(M.ns, buf, M.convert(list))
end

--- Removes buf's diagnostics.
---@param buf integer
function M.clear(buf)
  vim.diagnostic.reset(M.ns, buf)
end

-- Quickfix items from the helper's diagnostics.
---@param buf integer
---@param list? bulletin.Diagnostic[]
---@return table[] # setqflist() items
function M.qf_items(buf, list)
  local items = {}
  for _, d in ipairs(list or {}) do
    items[#items + 1] = {
      bufnr = buf,
      lnum = (d.lnum or 0) + 1,
      col = (d.col or 0) + 1,
      end_lnum = (nz(d.end_lnum) or d.lnum or 0) + 1,
      end_col = (nz(d.end_col) or d.col or 0) + 1,
      type = qf_type[d.severity] or 'W',
      text = string.format('[%s] %s', tostring(d.code), M.text(d)),
    }
  end
  table.sort(items, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
  return items
end

return M
