" bulletin.nvim: buffer settings and maps for bulletins.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

let s:save_cpo = &cpo
set cpo&vim

" Lines are paragraphs: never hard-wrap them.
setlocal textwidth=0 formatoptions-=t formatoptions-=c
setlocal comments= commentstring=
let b:undo_ftplugin = 'setlocal textwidth< formatoptions< comments< commentstring<'

if !get(g:, 'bulletin_no_maps', 0)
  let s:maps = [[']]', 'next-section'], ['[[', 'prev-section'],
        \ [']"', 'next-quote'], ['["', 'prev-quote']]
  for [s:lhs, s:plug] in s:maps
    for s:mode in ['n', 'x', 'o']
      execute s:mode . 'map <buffer> <silent> ' . s:lhs . ' <Plug>(bulletin-' . s:plug . ')'
      let b:undo_ftplugin .= '|silent! ' . s:mode . 'unmap <buffer> ' . s:lhs
    endfor
  endfor
  if has('nvim')
    for [s:lhs, s:plug] in [['iq', 'inner-quote'], ['aq', 'around-quote']]
      for s:mode in ['x', 'o']
        execute s:mode . 'map <buffer> <silent> ' . s:lhs . ' <Plug>(bulletin-' . s:plug . ')'
        let b:undo_ftplugin .= '|silent! ' . s:mode . 'unmap <buffer> ' . s:lhs
      endfor
    endfor
  endif
  unlet s:maps s:lhs s:plug s:mode
endif

if has('nvim')
  " Attach to the helper: folds, highlights, outline, lint. Undone (with the
  " window options and syntax it set) by detach.
  lua require('bulletin').attach(0)
  let b:undo_ftplugin .= '|exe "lua require(''bulletin'').detach(0)"'
endif

let &cpo = s:save_cpo
unlet s:save_cpo
