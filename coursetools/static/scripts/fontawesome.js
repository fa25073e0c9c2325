// Replaces the theme's Font Awesome JavaScript (about 1.5 MB), which converts icon elements
// into inline SVG.  The theme also loads Font Awesome's CSS and webfonts, which draw the same
// icons, so this file is deliberately empty: pages keep every icon and load far less.
// (Copied over the theme's file because casebook.sphinxext adds this folder to the static path.)
