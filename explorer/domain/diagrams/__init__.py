"""Architecture diagrams: a pattern's topology and parameters -> DOT -> SVG, PNG or DOT.

`build` turns a `PatternSpec` and the parameter values in effect into DOT source (pure, no
process); `render` runs Graphviz's `dot` on it, post-processes SVG for inlining and caches
the result by a hash of its inputs. Nothing here imports Django.

Import from the modules (`from explorer.domain.diagrams.render import render`): re-exporting the
function `render` here would hide the module of the same name.
"""
