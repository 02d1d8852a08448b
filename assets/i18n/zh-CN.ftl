# wanedit 的简体中文。键与 en.ftl 相同。

## 框
box-name = 图像 { $image } 上的框 { $number }，{ $x1 },{ $y1 } – { $x2 },{ $y2 }
box-name-short = 框 { $number }

## 快捷键一览
shortcuts-title = 键盘快捷键
shortcuts-everywhere = 全局
shortcuts-canvas = 画布
shortcuts-boxes = 框（在画布上）
shortcuts-compare = 对比视图
shortcut-run = 运行任务
shortcut-undo = 撤销上一次框编辑
shortcut-redo = 重做
shortcut-sheet = 显示或隐藏此一览
shortcut-fit = 使图像适合画布
shortcut-zoom-100 = 100 %（一个图像像素对应一个屏幕像素）
shortcut-zoom-200 = 200 %
shortcut-zoom-400 = 400 %
shortcut-zoom-800 = 800 %
shortcut-new-box = 在视图中央添加一个框
shortcut-next-box = 选择下一个框
shortcut-previous-box = 选择上一个框
shortcut-move-box = 将所选框移动 1 px
shortcut-move-box-far = 将所选框移动 10 px
shortcut-far-edge = 将右边或下边移动 1 px
shortcut-far-edge-far = 将右边或下边移动 10 px
shortcut-near-edge = 将左边或上边移动 1 px
shortcut-near-edge-far = 将左边或上边移动 10 px
shortcut-delete-box = 删除所选框
shortcut-deselect = 取消选择框
shortcut-next-crop = 下一个框的裁切
shortcut-flip = 在编辑前后之间切换
gesture-drag-image = 在图像上拖动
gesture-drag-handle = 拖动控制点
gesture-wheel = 鼠标滚轮
gesture-draw-box = 绘制框
gesture-keep-aspect = 保持宽高比调整大小
gesture-zoom = 以指针为中心缩放
gesture-pan = 平移视图

## 提示词
prompt-instruction = 指令
