# wanedit の日本語。キーは en.ftl と同じ。

## ボックス
box-name = 画像 { $image } のボックス { $number }、{ $x1 },{ $y1 } – { $x2 },{ $y2 }
box-name-short = ボックス { $number }

## ショートカット一覧
shortcuts-title = キーボードショートカット
shortcuts-everywhere = どこでも
shortcuts-canvas = キャンバス
shortcuts-boxes = ボックス（キャンバス上）
shortcuts-compare = 比較ビュー
shortcut-run = ジョブを実行
shortcut-undo = 直前のボックス編集を取り消す
shortcut-redo = やり直す
shortcut-sheet = この一覧を表示／非表示
shortcut-fit = 画像をキャンバスに合わせる
shortcut-zoom-100 = 100 %（画像の 1 ピクセルを画面の 1 ピクセルに）
shortcut-zoom-200 = 200 %
shortcut-zoom-400 = 400 %
shortcut-zoom-800 = 800 %
shortcut-new-box = 表示の中央にボックスを追加
shortcut-next-box = 次のボックスを選択
shortcut-previous-box = 前のボックスを選択
shortcut-move-box = 選択したボックスを 1 px 移動
shortcut-move-box-far = 選択したボックスを 10 px 移動
shortcut-far-edge = 右端または下端を 1 px 移動
shortcut-far-edge-far = 右端または下端を 10 px 移動
shortcut-near-edge = 左端または上端を 1 px 移動
shortcut-near-edge-far = 左端または上端を 10 px 移動
shortcut-delete-box = 選択したボックスを削除
shortcut-deselect = ボックスの選択を解除
shortcut-next-crop = 次のボックスの切り抜き
shortcut-flip = 編集前と編集後を切り替える
gesture-drag-image = 画像上でドラッグ
gesture-drag-handle = ハンドルをドラッグ
gesture-wheel = マウスホイール
gesture-draw-box = ボックスを描く
gesture-keep-aspect = 縦横比を保ったままサイズ変更
gesture-zoom = ポインターの位置を中心にズーム
gesture-pan = 表示を移動

## プロンプト
prompt-instruction = 指示
