# wanedit's words in English: the reference every other language file follows.
# One message per visible string; { $name } is put in by the code.

## Boxes
box-name = Box { $number } on image { $image }, { $x1 },{ $y1 } – { $x2 },{ $y2 }
box-name-short = Box { $number }

## The shortcut sheet
shortcuts-title = Keyboard shortcuts
shortcuts-everywhere = Everywhere
shortcuts-canvas = Canvas
shortcuts-boxes = Boxes (on the canvas)
shortcuts-compare = Compare view
shortcut-run = Run the job
shortcut-undo = Undo the last box edit
shortcut-redo = Redo
shortcut-sheet = Show or hide this sheet
shortcut-fit = Fit the image to the canvas
shortcut-zoom-100 = 100 % (one image pixel per screen pixel)
shortcut-zoom-200 = 200 %
shortcut-zoom-400 = 400 %
shortcut-zoom-800 = 800 %
shortcut-new-box = Add a box in the middle of the view
shortcut-next-box = Select the next box
shortcut-previous-box = Select the previous box
shortcut-move-box = Move the selected box 1 px
shortcut-move-box-far = Move the selected box 10 px
shortcut-far-edge = Move the right or bottom edge 1 px
shortcut-far-edge-far = Move the right or bottom edge 10 px
shortcut-near-edge = Move the left or top edge 1 px
shortcut-near-edge-far = Move the left or top edge 10 px
shortcut-delete-box = Delete the selected box
shortcut-deselect = Deselect the box
shortcut-next-crop = Next box crop
shortcut-flip = Flip between before and after
gesture-drag-image = drag on the image
gesture-drag-handle = drag a handle
gesture-wheel = mouse wheel
gesture-draw-box = Draw a box
gesture-keep-aspect = Resize keeping the aspect ratio
gesture-zoom = Zoom about the pointer
gesture-pan = Pan the view

## The prompt panel
prompt-instruction = Instruction
