" Minimal init for the functional tests: the repository first on 'rtp'.
set nocompatible
let s:root = fnamemodify(expand('<sfile>:p'), ':h:h:h')
execute 'set rtp^=' . fnameescape(s:root)
execute 'set rtp+=' . fnameescape(s:root . '/after')
set noswapfile nobackup nowritebackup shortmess+=I hidden
let &packpath = ''
filetype plugin indent on
syntax on
