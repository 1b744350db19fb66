" bulletin.nvim: commands and <Plug> maps. Loads no Lua: the work starts when
" a bulletin buffer opens (ftplugin/bulletin.vim).
if exists('g:loaded_bulletin')
  finish
endif
let g:loaded_bulletin = 1

let s:save_cpo = &cpo
set cpo&vim

if has('nvim')
  command! -nargs=* -complete=customlist,s:outline_complete BulletinOutline
        \ lua require('bulletin').cmd_outline(<q-args>)
  command! -nargs=* -complete=customlist,s:pick_complete BulletinPick
        \ lua require('bulletin.pick').command(<q-args>)
  command! -nargs=? BulletinQuotes lua require('bulletin').cmd_quotes(<q-args>)
  command! -nargs=0 BulletinLint lua require('bulletin').cmd_lint()
  command! -nargs=0 -bang BulletinFix lua require('bulletin.fix').cmd(<q-bang> == '!')
  command! -nargs=0 BulletinRestart lua require('bulletin').restart()
  command! -nargs=0 BulletinTiming lua require('bulletin').cmd_timing()
  command! -nargs=0 -bang BulletinSpeakers lua require('bulletin.speakers').cmd_speakers('<bang>' == '!')
  command! -nargs=+ -complete=customlist,s:speaker_complete BulletinRename
        \ lua require('bulletin.speakers').cmd_rename({<f-args>})
  function! s:speaker_complete(lead, line, pos) abort
    return luaeval('require("bulletin.speakers").complete(_A)', a:lead)
  endfunction

  " A written .bulletinrc takes effect for the open bulletins at once.
  augroup bulletin_rc
    autocmd!
    autocmd BufWritePost .bulletinrc lua require('bulletin').rc_written()
  augroup END

  function! s:outline_complete(lead, line, pos) abort
    return luaeval('require("bulletin.outline").complete(_A, true)', a:lead)
  endfunction
  function! s:pick_complete(lead, line, pos) abort
    return luaeval('require("bulletin.outline").complete(_A, false)', a:lead)
  endfunction

  " The keys of the outline window (|bulletin-outline-keys|) map to these.
  for [s:name, s:rhs, s:desc] in [
        \ ['jump', 'goto_item(false)', 'jump to the item'],
        \ ['preview', 'goto_item(true)', 'show the item, stay in the outline'],
        \ ['deeper', 'depth(1)', 'show one level more'],
        \ ['shallower', 'depth(-1)', 'show one level less'],
        \ ['filter', 'filter_prompt()', 'set or clear the filter'],
        \ ['close', 'close()', 'close the outline'],
        \ ['help', 'help()', 'list the keys']]
    call nvim_set_keymap('n', '<Plug>(bulletin-outline-' . s:name . ')',
          \ '<Cmd>lua require("bulletin.outline").' . s:rhs . '<CR>',
          \ {'noremap': v:true, 'silent': v:true, 'desc': 'bulletin outline: ' . s:desc})
  endfor
  unlet s:name s:rhs s:desc

  for [s:name, s:what, s:dir] in [['next-section', 'section', 1], ['prev-section', 'section', -1],
        \ ['next-quote', 'quote', 1], ['prev-quote', 'quote', -1]]
    execute printf('noremap <silent> <Plug>(bulletin-%s) <Cmd>lua require("bulletin.nav").jump("%s", %d)<CR>',
          \ s:name, s:what, s:dir)
  endfor
  unlet s:name s:what s:dir
  " Text objects: <expr> so that outside a soundbite they fail as a built-in
  " one does (the operator is cancelled before anything runs).
  xnoremap <expr> <silent> <Plug>(bulletin-inner-quote) v:lua.require'bulletin.nav'.quote_expr(v:true)
  onoremap <expr> <silent> <Plug>(bulletin-inner-quote) v:lua.require'bulletin.nav'.quote_expr(v:true)
  xnoremap <expr> <silent> <Plug>(bulletin-around-quote) v:lua.require'bulletin.nav'.quote_expr(v:false)
  onoremap <expr> <silent> <Plug>(bulletin-around-quote) v:lua.require'bulletin.nav'.quote_expr(v:false)
else
  " Vim: regex motions through search(), which leaves @/ alone.
  let s:pat = {
        \ 'section': '\v^\s*\[(LEAD|REPORT|Anchor Lead|Anchor|Pkg|Report)\]|^(Anchor|Report):',
        \ 'quote': '\v^\s*\[(Soundbite|Sound bites?)>|^\u\S*( \S+){0,5} / \S',
        \ }
  function! s:jump(what, dir, mode) abort
    if a:mode ==# 'n' && s:lsp && bulletin#lsp#Running() && !empty(bulletin#lsp#Symbols())
      call bulletin#lsp#Jump(a:what, a:dir, v:count1)
      return
    endif
    let l:count = v:count1
    if a:mode ==# 'x'
      normal! gv
    endif
    let l:target = 0
    let l:save = getpos('.')
    for l:i in range(l:count)
      let l:l = search(s:pat[a:what], a:dir > 0 ? 'W' : 'bW')
      if l:l == 0
        break
      endif
      let l:target = l:l
    endfor
    call setpos('.', l:save)
    if l:target
      normal! m'
      call cursor(l:target, 1)
    endif
  endfunction
  for [s:name, s:what, s:dir] in [['next-section', 'section', 1], ['prev-section', 'section', -1],
        \ ['next-quote', 'quote', 1], ['prev-quote', 'quote', -1]]
    execute printf('nnoremap <silent> <Plug>(bulletin-%s) :<C-U>call <SID>jump("%s", %d, "n")<CR>', s:name, s:what, s:dir)
    execute printf('onoremap <silent> <Plug>(bulletin-%s) :<C-U>call <SID>jump("%s", %d, "o")<CR>', s:name, s:what, s:dir)
    execute printf('xnoremap <silent> <Plug>(bulletin-%s) :<C-U>call <SID>jump("%s", %d, "x")<CR>', s:name, s:what, s:dir)
  endfor
  unlet s:name s:what s:dir

  " Vim 9: the client of `bulletin lsp` (autoload/bulletin/lsp.vim) gives
  " folds, highlights, the outline, quotes and lint on save; the motions
  " above follow its symbols while it runs. g:bulletin_lsp = 0 turns it off.
  let s:lsp = v:version >= 900 && has('channel') && has('textprop') && get(g:, 'bulletin_lsp', 1)
  if s:lsp
    augroup bulletin_lsp
      autocmd!
      autocmd FileType bulletin call bulletin#lsp#Attach(str2nr(expand('<abuf>')))
    augroup END
    command! -nargs=0 BulletinOutline call bulletin#lsp#Outline() | lopen
    command! -nargs=0 BulletinQuotes call bulletin#lsp#Quotes() | copen
  endif
endif

let &cpo = s:save_cpo
unlet s:save_cpo
