" Minimal init for the functional tests and the Neovim benchmark: the
" repository first on 'runtimepath', then Neovim's own runtime, nothing else.
" The user's config and packages stay out whatever HOME is: 'runtimepath' and
" 'packpath' are set outright (as --clean does) instead of emptying
" 'packpath', which Neovim 0.12 needs for its netrw package (E919).
set nocompatible
let s:root = fnamemodify(expand('<sfile>:p'), ':h:h:h')
let &runtimepath = join([s:root, $VIMRUNTIME, s:root . '/after'], ',')
let &packpath = $VIMRUNTIME
set noswapfile nobackup nowritebackup shortmess+=I hidden
filetype plugin indent on
syntax on
