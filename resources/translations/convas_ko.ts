<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../app/actions.py" line="55"/>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="58"/>
        <source>Start a new network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="62"/>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="65"/>
        <source>Open a project file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="69"/>
        <source>Open &amp;Preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="72"/>
        <source>Start from a classic network (LeNet, ResNet, DenseNet…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="76"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="79"/>
        <source>Save the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="83"/>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="86"/>
        <source>Save the network under a new name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="90"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="93"/>
        <source>Close Convas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="97"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="99"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="101"/>
        <source>Cu&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="102"/>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="103"/>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="104"/>
        <source>D&amp;uplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="105"/>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="106"/>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="109"/>
        <source>&amp;Expand into Primitives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="112"/>
        <source>Replace the selected composite block by the layers it is made of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="117"/>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="120"/>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="122"/>
        <source>&amp;Fit to Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="123"/>
        <source>&amp;Actual Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="126"/>
        <source>Auto &amp;Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="129"/>
        <source>Arrange the blocks in layers from top to bottom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="134"/>
        <location filename="../../app/actions.py" line="147"/>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="135"/>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="136"/>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="156"/>
        <source>&amp;About Convas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="163"/>
        <location filename="../../app/export_actions.py" line="823"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="166"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="174"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="182"/>
        <location filename="../../app/insight.py" line="538"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="190"/>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="192"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/actions.py" line="196"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnimationPage</name>
    <message>
        <location filename="../../widgets/explainer.py" line="65"/>
        <source>Cross-correlation: the kernel slides as it is. This is what a Conv2d layer computes (and why the lesson calls it a cross-correlation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="70"/>
        <source>True convolution: the kernel is flipped in both axes (rotated 180°) before sliding, as in the definition (f ∗ g)(t) = Σ f(τ)·g(t − τ).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="75"/>
        <source>Max pooling keeps the largest value of each window; its padding never wins.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="79"/>
        <source>Average pooling takes the mean of each window (padding counts as zeros).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="361"/>
        <source>Cross-correlation (what Conv2d does)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="362"/>
        <source>True convolution (kernel flipped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="367"/>
        <source>input </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="368"/>
        <source>Side of the made-up input image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="378"/>
        <source>Back to the first cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="379"/>
        <source>One cell back (←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="380"/>
        <source>Play / pause (space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="381"/>
        <source>One cell forward (→)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="386"/>
        <source>Cells per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="399"/>
        <source>speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="501"/>
        <source>This kernel is too large to show cell by cell on a small input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="513"/>
        <source>The input is {size} so that the window fits at least twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="531"/>
        <source>{rate}/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="536"/>
        <source>cell {index} of {count}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BlockCategory</name>
    <message>
        <location filename="../../widgets/language.py" line="42"/>
        <source>Input / Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="43"/>
        <source>Convolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="44"/>
        <source>Pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="45"/>
        <source>Normalization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="46"/>
        <source>Activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="47"/>
        <source>Regularization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="48"/>
        <source>Dense</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="49"/>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="50"/>
        <source>Composite</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BlockPalette</name>
    <message>
        <location filename="../../widgets/palette.py" line="178"/>
        <source>Search blocks…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/palette.py" line="185"/>
        <source>Filter by name, type or description (Esc clears, ↓ to the list)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BlockTitle</name>
    <message>
        <location filename="../../widgets/language.py" line="22"/>
        <source>Input</source>
        <extracomment>Language codes the interface comes in. Block titles and categories of the registry, so lupdate puts them in the .ts files (tests/app/test_translations.py checks that every registered one is listed).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="23"/>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="24"/>
        <source>Convolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="25"/>
        <source>1×1 Convolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="26"/>
        <source>Max pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="27"/>
        <source>Average pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="28"/>
        <source>Adaptive average pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="29"/>
        <source>Batch norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="30"/>
        <source>Local response norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="31"/>
        <source>Dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="32"/>
        <source>Flatten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="33"/>
        <source>Linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="34"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="35"/>
        <source>Concat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="36"/>
        <source>Residual block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="37"/>
        <source>Dense block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="38"/>
        <source>Transition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/language.py" line="39"/>
        <source>Inception block</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BottleneckPanel</name>
    <message>
        <location filename="../../widgets/explainer.py" line="563"/>
        <source>1×1 to </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="564"/>
        <source> channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="571"/>
        <source>Insert 1×1 bottleneck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="573"/>
        <source>Put a 1×1 convolution in front of this block (undoable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="590"/>
        <source>Select a convolution larger than 1×1 to see what a 1×1 bottleneck in front of it would save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="608"/>
        <source>{size} convolution, {inputs} → {outputs} channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="619"/>
        <source>It saves {percent} of the network&apos;s computation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="623"/>
        <source>With this many channels it would cost more than it saves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="627"/>
        <source>A 1×1 convolution first mixes the {inputs} input channels down to {reduced} at each pixel; the {size} kernel then works on {reduced} channels instead of {inputs}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="642"/>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="647"/>
        <source>MACs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="657"/>
        <source>network now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="658"/>
        <source>with 1×1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="659"/>
        <source>change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <location filename="../../widgets/canvas/interactions.py" line="71"/>
        <source>A block can&apos;t be connected to itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/interactions.py" line="74"/>
        <source>The Output block has no output to connect from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/interactions.py" line="77"/>
        <source>{block} takes no input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/interactions.py" line="81"/>
        <source>That connection would make a cycle: data can&apos;t flow in a loop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/interactions.py" line="86"/>
        <source>Input port {port} of “{block}” is already connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/items.py" line="57"/>
        <source>Output: drag to an input to connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/items.py" line="59"/>
        <source>Input port {port}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/scene.py" line="280"/>
        <source>{shape} · {count} params</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasText</name>
    <message>
        <location filename="../../widgets/canvas/text.py" line="30"/>
        <source>unknown block type {type}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="48"/>
        <source>, stride {stride}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="52"/>
        <location filename="../../widgets/canvas/text.py" line="74"/>
        <location filename="../../widgets/canvas/text.py" line="88"/>
        <location filename="../../widgets/canvas/text.py" line="98"/>
        <source>{size} conv → {channels}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="67"/>
        <source>shortcut: identity (1×1 conv + BN when the shape changes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="68"/>
        <source>add, then ReLU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="76"/>
        <source>{count} layers, each: {layers}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="83"/>
        <source>each layer sees the concatenation of all earlier outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="92"/>
        <source>2×2 average pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="107"/>
        <source>3×3 max pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="110"/>
        <source>concatenated on channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="128"/>
        <source>{type} · id “{id}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="134"/>
        <source>Output {shape} · {params} params · {macs} MACs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="148"/>
        <source>Inside:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/canvas/text.py" line="152"/>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasView</name>
    <message>
        <location filename="../../widgets/canvas/view.py" line="334"/>
        <source>Unknown block type {type}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodePreview</name>
    <message>
        <location filename="../../widgets/code_preview.py" line="315"/>
        <source>The network can&apos;t be turned into code yet:</source>
        <extracomment>Quiet time after an edit before the code is regenerated. Folder the Save As dialog starts in.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="326"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="327"/>
        <source>Copy the code to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="329"/>
        <source>Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="330"/>
        <source>Save the code as a Python file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="407"/>
        <source>model.py · {count} lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="425"/>
        <source>No code: {count} problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="427"/>
        <source>No code: {count} problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="488"/>
        <source>Copied the code to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="498"/>
        <source>Save Code As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="498"/>
        <source>Python files (*.py);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="510"/>
        <source>Can&apos;t save the code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/code_preview.py" line="513"/>
        <source>Saved the code to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../../app/commands.py" line="63"/>
        <source>Add {block}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="94"/>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="108"/>
        <source>Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="133"/>
        <source>Delete {block}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="137"/>
        <source>Delete {count} Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="139"/>
        <source>Delete Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="140"/>
        <source>Delete {count} Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="157"/>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="159"/>
        <source>Set {block} {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="189"/>
        <source>Rename {block}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="211"/>
        <source>Move {block}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="213"/>
        <source>Move {count} Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="244"/>
        <source>Auto Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="261"/>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="310"/>
        <source>Expand {block}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/commands.py" line="320"/>
        <source>Make Room</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="188"/>
        <source>predicted class →</source>
        <extracomment>Most samples in the gallery (the most confident mistakes come first).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="196"/>
        <source>← true class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="214"/>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="241"/>
        <source> ({percent} % of the {total})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="249"/>
        <source>{label}: {count} right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="251"/>
        <source>true {label}, predicted {predicted}: {count} sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="253"/>
        <source>true {label}, predicted {predicted}: {count} samples</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataPreview</name>
    <message>
        <location filename="../../widgets/data_preview.py" line="111"/>
        <source>Pick a dataset in the Training panel to see its samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/data_preview.py" line="124"/>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/data_preview.py" line="146"/>
        <source>{name} · {classes} classes · {train} train / {validation} validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/data_preview.py" line="154"/>
        <source>images {size} × {count} channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/data_preview.py" line="156"/>
        <source>images {size} × {count} channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/data_preview.py" line="158"/>
        <source>→ each sample becomes a {shape} tensor (C×H×W)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <location filename="../../app/document.py" line="80"/>
        <source>Untitled</source>
        <extracomment>Grows with every change (graph events and undo-stack moves, including edits that touch only ``graph.training``), so autosave can tell what it has written.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <location filename="../../app/editing.py" line="104"/>
        <source>That connection would make a loop.</source>
        <extracomment>MIME type of copied blocks: a project file&apos;s JSON holding just the fragment.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="146"/>
        <source>Select one composite block to expand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="152"/>
        <source>Can&apos;t expand {block}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="158"/>
        <source>Expanded {block} into {count} blocks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="181"/>
        <source>Copied {count} blocks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="181"/>
        <source>Copied {count} block.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="190"/>
        <source>Cut {count} Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="190"/>
        <source>Cut {count} Block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="197"/>
        <source>Nothing to paste: copy some blocks first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="200"/>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/editing.py" line="205"/>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../app/startup.py" line="208"/>
        <source>Something went wrong: {summary}

Convas carries on; the details were written to {log}.</source>
        <extracomment>Libraries Qt&apos;s xcb plugin loads (used when ``ldd`` is not available). Debian packages whose names don&apos;t follow from the library&apos;s name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/startup.py" line="227"/>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="400"/>
        <source>Evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="401"/>
        <source>Run the trained network over the validation set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="438"/>
        <source>Train the network, then evaluate it on the validation set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="460"/>
        <source>Validation accuracy {accuracy} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="463"/>
        <source>({right} of {total} right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="471"/>
        <source>most often confused: {label} taken for {predicted} ({count}×)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="490"/>
        <source>{count} sample of {label} predicted as {predicted}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="492"/>
        <source>{count} samples of {label} predicted as {predicted}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="495"/>
        <source>{count} misclassified samples, most confident first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="499"/>
        <source> (first {count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="500"/>
        <source> — click one to see it in Feature maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="502"/>
        <source>{percent} % sure</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExplainCanvas</name>
    <message>
        <location filename="../../widgets/explainer.py" line="189"/>
        <source>input {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="191"/>
        <source> + padding {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="240"/>
        <source>max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="240"/>
        <source>mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="242"/>
        <source>window {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="244"/>
        <source>kernel {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="245"/>
        <source> flipped ↻180°</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="248"/>
        <source> · dilation {dilation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="269"/>
        <source>output {size}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExplainerView</name>
    <message>
        <location filename="../../widgets/explainer.py" line="680"/>
        <source>Sliding window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="681"/>
        <source>Real kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="682"/>
        <source>1×1 bottleneck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="689"/>
        <source>Example: 3×3 convolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/explainer.py" line="690"/>
        <source>stride 1 · padding 1 — select a Convolution or Pooling block to see its own.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <location filename="../../app/export_actions.py" line="60"/>
        <source>PyTorch weights (*.pt)</source>
        <extracomment>File dialog filters (translated where they are shown).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="61"/>
        <source>safetensors (*.safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="63"/>
        <source>ONNX models (*.onnx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="64"/>
        <source>torch.export programs (*.pt2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="65"/>
        <source>PyTorch models (*.py *.pt2);;Python files (*.py);;torch.export programs (*.pt2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="89"/>
        <source>{call}   (function, line {line})</source>
        <extracomment>How long closing the window waits for an export or import to end.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="91"/>
        <source>{call}   (class, line {line})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="102"/>
        <source>{file}: line {line}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="106"/>
        <source>{path}: can&apos;t be read ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="253"/>
        <source>This will run the code in {path} on your machine. Only continue if you trust it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="264"/>
        <source>Run this file&apos;s code?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="270"/>
        <source>Run It and Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="284"/>
        <source>Which weights?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="288"/>
        <source>Fresh weights (seed 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="303"/>
        <source>Imported with gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="305"/>
        <source>Imported: notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="309"/>
        <source>{count} operation(s) have no Convas block:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="313"/>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="313"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="337"/>
        <source>… and {count} more (see the Summary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="345"/>
        <source>the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="782"/>
        <source>&amp;PyTorch Code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="785"/>
        <source>model.py, weights, train.py, README</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="788"/>
        <source>&amp;Weights…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="791"/>
        <source>A .pt or .safetensors file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="794"/>
        <source>&amp;ONNX…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="797"/>
        <source>An ONNX model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="800"/>
        <source>&amp;torch.export Program…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="803"/>
        <source>A .pt2 program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="806"/>
        <source>&amp;Import PyTorch Model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="809"/>
        <source>Open a PyTorch model as a network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="824"/>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="841"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <location filename="../../app/export_actions.py" line="423"/>
        <source>Please wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="486"/>
        <source>The network can&apos;t be exported yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="501"/>
        <source>Use the imported weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="503"/>
        <source>Use weights from the last run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="506"/>
        <source>Export the weights the network was imported with, or fresh weights (seed 0)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="508"/>
        <source>Export the weights of the last training run, or fresh weights (seed 0)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="512"/>
        <source>The network has changed since: those weights fit only if its layers didn&apos;t.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="524"/>
        <source>Export PyTorch Code into Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="538"/>
        <source>Exporting PyTorch code to {folder}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="541"/>
        <location filename="../../app/export_actions.py" line="620"/>
        <source>Wrote {files}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="543"/>
        <source>Can&apos;t export the PyTorch code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="549"/>
        <source>Replace files?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="550"/>
        <source>{folder} already has {files}. Replace them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="564"/>
        <source>Export Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="568"/>
        <source>Can&apos;t export the weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="578"/>
        <source>Can&apos;t export ONNX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="579"/>
        <source>ONNX export needs the onnx package.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="585"/>
        <source>Export ONNX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="589"/>
        <source>Can&apos;t export the ONNX model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="597"/>
        <source>Export torch.export Program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="601"/>
        <source>Can&apos;t export the program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="617"/>
        <source>{title}: writing {file}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="640"/>
        <source>{what} to {folder}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="644"/>
        <source>Exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="646"/>
        <source>Show Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="661"/>
        <source>Import PyTorch Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="677"/>
        <location filename="../../app/export_actions.py" line="687"/>
        <location filename="../../app/export_actions.py" line="694"/>
        <location filename="../../app/export_actions.py" line="699"/>
        <source>Can&apos;t import the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="678"/>
        <source>{path}: not a .py or .pt2 file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="684"/>
        <source>Importing {file}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="701"/>
        <source>{file} defines no nn.Module class or factory function that can be built without arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="714"/>
        <source>Imported {name} ({blocks} blocks, weights kept for export){match}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="717"/>
        <source>Imported {name} ({blocks} blocks, weights loaded){match}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="721"/>
        <source>; outputs match within {difference}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportImage</name>
    <message>
        <location filename="../../widgets/export_image.py" line="130"/>
        <source>PNG image (*.png)</source>
        <extracomment>PNGs are drawn at this multiple of the on-screen size, so they stay sharp in documents.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/export_image.py" line="132"/>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/export_image.py" line="135"/>
        <source>Save as Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/export_image.py" line="161"/>
        <source>Save as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/export_image.py" line="162"/>
        <source>Save as &amp;SVG…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeatureMapView</name>
    <message>
        <location filename="../../widgets/feature_maps.py" line="189"/>
        <source>sample </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/feature_maps.py" line="191"/>
        <source>Which validation sample goes through the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/feature_maps.py" line="231"/>
        <source>Select a block on the canvas to see what it computes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/feature_maps.py" line="275"/>
        <source>{shape} · each map scaled to its own range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/feature_maps.py" line="279"/>
        <source> · first {shown} of {count} channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/feature_maps.py" line="286"/>
        <source>{shape} values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/feature_maps.py" line="290"/>
        <source>Can&apos;t draw an activation of shape {shape}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <location filename="../../app/files.py" line="22"/>
        <source>Convas projects (*.convas);;JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/files.py" line="70"/>
        <source>Save changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/files.py" line="71"/>
        <source>Save the changes to “{name}” before closing it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/files.py" line="94"/>
        <source>Open Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/files.py" line="106"/>
        <source>Can&apos;t open the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/files.py" line="121"/>
        <source>Can&apos;t open the preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/files.py" line="151"/>
        <source>Save Network As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/files.py" line="166"/>
        <source>Can&apos;t save the file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../../widgets/format.py" line="27"/>
        <source>⌊(in + 2·padding − dilation·(kernel−1) − 1) / stride⌋ + 1</source>
        <extracomment>Block types whose output size follows the convolution formula. The general rule, shown above the numbers (translate it with context &quot;Format&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/format.py" line="91"/>
        <location filename="../../widgets/param_editors.py" line="196"/>
        <location filename="../../widgets/param_editors.py" line="240"/>
        <location filename="../../widgets/param_editors.py" line="405"/>
        <source>needs a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/format.py" line="95"/>
        <source>&quot;same&quot; is only for padding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/format.py" line="98"/>
        <source>expected one integer or two (height, width), e.g. 3 or 3, 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/format.py" line="106"/>
        <location filename="../../widgets/param_editors.py" line="200"/>
        <source>“{token}” is not an integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/format.py" line="159"/>
        <source>: the kernel is larger than the padded input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/format.py" line="164"/>
        <source>(the last window would start in the padding)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportOptionsDialog</name>
    <message>
        <location filename="../../app/export_actions.py" line="206"/>
        <source>Import PyTorch Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="215"/>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="215"/>
        <source>Height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="215"/>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="224"/>
        <source>Continue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="228"/>
        <source>The network to import from &lt;b&gt;{file}&lt;/b&gt;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="231"/>
        <source>Input of one sample (channels × height × width):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/export_actions.py" line="233"/>
        <source>Nothing in the file runs before you confirm in the next step.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Insight</name>
    <message>
        <location filename="../../app/insight.py" line="41"/>
        <source>Explain Convolution</source>
        <extracomment>Live kernel refresh while training (at most four times a second). How often the GUI looks at a running evaluation.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="42"/>
        <source>Kernels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="43"/>
        <source>Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="53"/>
        <source>Insert 1×1 Bottleneck before {block}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InsightController</name>
    <message>
        <location filename="../../app/insight.py" line="196"/>
        <source>each output unit sees {height}×{width} input pixels (receptive field), {stride} apart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="210"/>
        <source>Select a convolution larger than 1×1 to see what a 1×1 bottleneck in front of it would save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="256"/>
        <source>Select a convolution block to see its filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="272"/>
        <source>Train the network (F5) to see the filters it learns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="277"/>
        <source>Connect the block to see its filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="283"/>
        <source>untrained: random initial weights (train with F5 to see what they learn)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="304"/>
        <source>Select a convolution block to apply its learned kernel to a real image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="310"/>
        <source>Train the network (F5) to apply this block&apos;s learned kernel to a real image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="323"/>
        <source>Can&apos;t apply this block&apos;s kernel: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="346"/>
        <source>image channel 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="348"/>
        <source>{block}: a learned kernel slid over the sample image, as in the animation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="352"/>
        <source>{block}: channel 0 of {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="354"/>
        <source>{block}: a learned kernel slid over the output of {source}, as in the animation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="357"/>
        <source>sample {index} ({label})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="358"/>
        <source>filter {channel}, in-channel 0
{height}×{width} kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="361"/>
        <source>result {height}×{width}
one channel, no bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="382"/>
        <source>Training… the evaluation follows when it ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="384"/>
        <source>Evaluate the trained network on the validation set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="386"/>
        <source>Train the network, then evaluate it on the validation set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/insight.py" line="418"/>
        <source>Evaluation failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../widgets/inspector.py" line="148"/>
        <source>Select a block on the canvas to see and edit its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="178"/>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="181"/>
        <source>A name shown on the canvas; the id stays the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="187"/>
        <location filename="../../widgets/inspector.py" line="209"/>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="189"/>
        <location filename="../../widgets/inspector.py" line="272"/>
        <source>Hide help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="194"/>
        <source>Show or hide the explanation under each parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="197"/>
        <source>This block has no parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="202"/>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="208"/>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="210"/>
        <source>MACs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="223"/>
        <source>Output size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="234"/>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="272"/>
        <source>Show help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="300"/>
        <source>{id} (no label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="351"/>
        <source>  (pooling: dilation 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="353"/>
        <source>padding &quot;same&quot; keeps the size: H_out = H_in, W_out = W_in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="357"/>
        <source>input {shape}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="362"/>
        <source>Connect an input to see the numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/inspector.py" line="365"/>
        <source>Needs a feature map [C, H, W], got {shape}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KernelGrid</name>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="215"/>
        <source>filter {index}
mean {mean}
std {std}
L2 norm {norm}</source>
        <extracomment>Most filters drawn, and most input channels drawn per filter.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KernelViewer</name>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="265"/>
        <source>filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="265"/>
        <source>mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="265"/>
        <source>std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="265"/>
        <source>L2 norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="289"/>
        <source>Select a convolution block to see its filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="302"/>
        <source>Can&apos;t draw weights of shape {shape}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="309"/>
        <source>{filters} filters · {size} · {channels} input channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="311"/>
        <source>{filters} filters · {size} · {channels} input channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="315"/>
        <source>drawn in colour (red, green, blue weights)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="317"/>
        <source>first {count} input channels drawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="319"/>
        <source>first {count} filters drawn</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../app/i18n.py" line="134"/>
        <source>The new language is used the next time Convas starts.</source>
        <extracomment>The setting&apos;s values: follow the system, or one language. Each language&apos;s name in that language (how a language menu lists them). Translators installed by :func:`install_translator` (kept alive; removed on reinstall).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="148"/>
        <source>Change Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="149"/>
        <source>Convas shows {language} after a restart. Restart now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="156"/>
        <source>Restart Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/i18n.py" line="159"/>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../app/main.py" line="105"/>
        <source>Training</source>
        <extracomment>The panels beyond the editor: (module, installer, window attribute, what is lost without it). Each pulls in pyqtgraph and the viewers (about a second), so they are added just after the window first shows; a panel that fails to load is logged and the editor still works.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/main.py" line="110"/>
        <source>The explainer, kernel and evaluation views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/main.py" line="116"/>
        <source>Export and import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/main.py" line="132"/>
        <source>{what} unavailable: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/window.py" line="59"/>
        <source>Blocks</source>
        <extracomment>Below this zoom block text is unreadable: show the top of the network instead.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="62"/>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="68"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="99"/>
        <source>Show the summary table with every problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="154"/>
        <source>Params: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="156"/>
        <source>{count} learnable parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="158"/>
        <source>MACs: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="160"/>
        <source>{count} multiply-accumulates per sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="163"/>
        <source>Output: {shape}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="167"/>
        <source>⚠ {count} problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="167"/>
        <source>⚠ {count} problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="172"/>
        <source>(click for all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="176"/>
        <source>✓ No problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="177"/>
        <source>The network compiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="199"/>
        <source>Saved {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="241"/>
        <source>About {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="244"/>
        <source>Build convolutional networks by drawing them: every block shows its output shape, parameters and multiply-accumulates as you edit. Compile to PyTorch, train, and export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="262"/>
        <source>No recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="264"/>
        <source>Clear Recent Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="293"/>
        <source>Can&apos;t recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/window.py" line="298"/>
        <source>Recovered “{name}”: save it to keep the changes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapGrid</name>
    <message>
        <location filename="../../widgets/feature_maps.py" line="161"/>
        <source>channel {index}: {low} … {high}</source>
        <extracomment>Most maps drawn at once; wider layers show their first channels and say so.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MistakeGallery</name>
    <message>
        <location filename="../../widgets/evaluation_view.py" line="375"/>
        <source>validation sample {index}: {caption}
click to see it in Feature maps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamEditors</name>
    <message>
        <location filename="../../widgets/param_editors.py" line="74"/>
        <source>min {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/param_editors.py" line="78"/>
        <source>max {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/param_editors.py" line="81"/>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/param_editors.py" line="83"/>
        <source>default {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/param_editors.py" line="244"/>
        <source>“{text}” is not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/param_editors.py" line="289"/>
        <source>n  or  h, w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/param_editors.py" line="317"/>
        <source>n  or  h, w  or  same</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresetGallery</name>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="84"/>
        <source>{shape} in  ·  {params} params  ·  {macs} MACs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="206"/>
        <source>Open a preset network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="228"/>
        <source>Search presets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="278"/>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="279"/>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="280"/>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="281"/>
        <source>MACs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="282"/>
        <source>Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="391"/>
        <source>No preset matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="403"/>
        <source>Can&apos;t read this preset: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickAddPopup</name>
    <message>
        <location filename="../../widgets/canvas/quick_add.py" line="70"/>
        <source>Search blocks…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RealKernelView</name>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="409"/>
        <source>filter </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="410"/>
        <source>Which output channel&apos;s kernel to apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/kernel_viewer.py" line="440"/>
        <source>Train the network to apply its learned kernels to a real image.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../app/autosave.py" line="63"/>
        <source>never saved</source>
        <extracomment>Recovery files owned by autosavers alive in this process (not a crash&apos;s leftovers).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/autosave.py" line="65"/>
        <source>{name} — {where} — autosaved {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/autosave.py" line="207"/>
        <source>Recover Unsaved Work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/autosave.py" line="213"/>
        <source>Convas did not close properly last time. These networks had unsaved changes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/autosave.py" line="226"/>
        <source>Recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/autosave.py" line="229"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/autosave.py" line="230"/>
        <source>Not Now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunMonitor</name>
    <message>
        <location filename="../../app/training_monitor.py" line="40"/>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_monitor.py" line="51"/>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_monitor.py" line="85"/>
        <source>Epoch {epoch}/{epochs}: validation accuracy {accuracy} %, loss {loss}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_monitor.py" line="106"/>
        <source>epoch {epoch}/{epochs} · step {step}/{steps} · {eta} left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <location filename="../../widgets/runs_panel.py" line="35"/>
        <source>Validation accuracy (%)</source>
        <extracomment>(epoch-dict key, label, factor) of the curves the overlay can show.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="36"/>
        <source>Validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="37"/>
        <source>Training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="38"/>
        <source>Training accuracy (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="44"/>
        <source>Name</source>
        <extracomment>One colour per overlaid run, cycling.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="45"/>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="46"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="47"/>
        <source>Best val acc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="48"/>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="52"/>
        <source>running</source>
        <extracomment>How the run history&apos;s statuses read in the table.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="53"/>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="54"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="55"/>
        <source>diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="56"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="102"/>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="104"/>
        <source>Open this run&apos;s network and load its trained weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="107"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="109"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="114"/>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="115"/>
        <source>No runs yet: train a network and it appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="248"/>
        <source>Delete run #{run} with its curves and saved weights?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="250"/>
        <source>Delete {count} runs with their curves and saved weights?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/runs_panel.py" line="256"/>
        <source>Delete runs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Summary</name>
    <message>
        <location filename="../../widgets/summary.py" line="42"/>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/summary.py" line="43"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/summary.py" line="44"/>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/summary.py" line="45"/>
        <source>Params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/summary.py" line="46"/>
        <source>MACs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/summary.py" line="47"/>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/summary.py" line="115"/>
        <source>Total ({count} blocks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/summary.py" line="271"/>
        <source>id: {id}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryTable</name>
    <message>
        <location filename="../../widgets/summary.py" line="295"/>
        <source>Copy as text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/summary.py" line="298"/>
        <source>Copy the table as tab-separated text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <location filename="../../app/training.py" line="239"/>
        <source>Choose the dataset&apos;s folder in the Training panel.</source>
        <extracomment>How often the GUI pulls buffered events while a job runs (about 30 Hz). How long closing the window waits for the worker to stop.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="262"/>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="267"/>
        <location filename="../../app/training.py" line="309"/>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="301"/>
        <source>Downloading {dataset} into {folder}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="311"/>
        <source>Download failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="315"/>
        <source>Downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="337"/>
        <source>Loading the data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="349"/>
        <source>Choose the dataset&apos;s folder first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="363"/>
        <source>Not started: the network doesn&apos;t fit the data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="383"/>
        <source>Training on {dataset}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="441"/>
        <source>Training failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="443"/>
        <source>Training failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training.py" line="495"/>
        <source>Stop the current run before reopening another.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingJobs</name>
    <message>
        <location filename="../../app/training_jobs.py" line="135"/>
        <source>Change Training Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_jobs.py" line="155"/>
        <source>Fit Network to Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_jobs.py" line="205"/>
        <source>The network doesn&apos;t fit the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_jobs.py" line="210"/>
        <source>Fixing is one edit you can undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_jobs.py" line="212"/>
        <source>Fix and Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_jobs.py" line="219"/>
        <source>Train As Is</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../../widgets/training_panel.py" line="45"/>
        <source>Digits</source>
        <extracomment>Dataset choices: (kind, label). Built-ins are names; the others are a folder.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="46"/>
        <source>Shapes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="50"/>
        <source>Image folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="56"/>
        <source>Constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="57"/>
        <source>Step decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="58"/>
        <source>Cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="59"/>
        <source>One-cycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="146"/>
        <source>Train</source>
        <extracomment>Panel states (the app sets them): what the buttons allow.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="147"/>
        <source>Train the network on the chosen data (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="148"/>
        <location filename="../../widgets/training_panel.py" line="400"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="149"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="151"/>
        <source>Stop training; the weights so far are kept (Shift+F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="176"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="182"/>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="184"/>
        <source>a folder with one subfolder per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="186"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="188"/>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="189"/>
        <source>Download the dataset&apos;s files into this folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="202"/>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="209"/>
        <source>Share of the data kept aside to measure accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="212"/>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="213"/>
        <source>Random crops and flips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="216"/>
        <source>Shift each training image a little and mirror it at random, so the network learns what matters, not where it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="220"/>
        <source>Augmentation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="224"/>
        <source>Optimisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="226"/>
        <source>Passes over the whole training set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="227"/>
        <source>Samples per gradient step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="232"/>
        <source>Learning rate: the size of each step. Too high diverges, too low crawls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="239"/>
        <source>SGD momentum: how much of the previous step carries over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="246"/>
        <source>Pulls weights towards zero (L2 regularisation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="248"/>
        <source>How the learning rate changes during training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="254"/>
        <source>Epochs over which the learning rate ramps up from zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="257"/>
        <source>Softens the one-hot targets a little</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="265"/>
        <source>Largest gradient norm allowed per step (0: no clipping). Clipping tames a loss that explodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="269"/>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="270"/>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="271"/>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="272"/>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="273"/>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="274"/>
        <source>Momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="275"/>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="276"/>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="277"/>
        <source>Warm-up epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="278"/>
        <source>Label smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="279"/>
        <source>Gradient clipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="283"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="287"/>
        <source>Same seed, same data split and same result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="290"/>
        <source>Mixed precision (AMP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="291"/>
        <source>Faster on CUDA GPUs; off elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="292"/>
        <source>Channels-last memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="293"/>
        <source>Often faster for convolutions on CUDA GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="295"/>
        <source>Compile the model first: slower start, faster steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="296"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="297"/>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="400"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="425"/>
        <source>auto ({device})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="428"/>
        <source>Available here: {devices}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="446"/>
        <source>Only used on a CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="463"/>
        <source>Dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/training_panel.py" line="493"/>
        <source>One subfolder per class, images inside (PNG, JPEG…); they are resized to the network&apos;s Input.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <location filename="../../widgets/plots.py" line="86"/>
        <source>Loss</source>
        <extracomment>Line colours, readable on light and dark backgrounds.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/plots.py" line="87"/>
        <source>Accuracy (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/plots.py" line="88"/>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/plots.py" line="97"/>
        <source>train (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/plots.py" line="102"/>
        <source>train (epoch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/plots.py" line="108"/>
        <location filename="../../widgets/plots.py" line="121"/>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/plots.py" line="113"/>
        <source>train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/plots.py" line="261"/>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingViews</name>
    <message>
        <location filename="../../app/training_views.py" line="23"/>
        <source>Select a block on the canvas to see what it computes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="26"/>
        <source>Train the network (F5) to see what this block computes for a sample.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="29"/>
        <source>Waiting for the trainer&apos;s next look at this block…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="30"/>
        <source>This block was not in the trained network: train again to see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="33"/>
        <source>This block was added after the run started: train again to see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="119"/>
        <source>label: {label}</source>
        <extracomment>(node id, sample index) to probe; the worker reads it when its trainer starts</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="135"/>
        <source>Can&apos;t compute this block&apos;s output: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="174"/>
        <source>Can&apos;t reopen the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="192"/>
        <source>Opened run #{run}&apos;s network (no saved weights).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="205"/>
        <source>Opened run #{run}&apos;s network; its weights didn&apos;t load: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="213"/>
        <source>Opened run #{run} with its trained weights ({file}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="225"/>
        <source>Training</source>
        <extracomment>(title, object name suffix, area) of each training dock, in creation order.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="226"/>
        <source>Feature Maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="227"/>
        <source>Training Curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="228"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="229"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="336"/>
        <source>&amp;Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="339"/>
        <source>Train the network on the chosen data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="342"/>
        <location filename="../../app/training_views.py" line="382"/>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="345"/>
        <source>Pause or resume the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="348"/>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="351"/>
        <source>Stop training (the weights are kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="354"/>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="380"/>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="452"/>
        <source>… and {count} more (see the Summary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="455"/>
        <source>The network has problems: fix them, then train.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="458"/>
        <source>The network can&apos;t be trained yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="475"/>
        <source>validation accuracy {accuracy} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="480"/>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="482"/>
        <source>Done: {facts} after {epochs} epochs ({time}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="490"/>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="495"/>
        <source>Training diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="501"/>
        <source>Training failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/training_views.py" line="504"/>
        <source>Training failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Header</name>
    <message>
        <location filename="../../widgets/inspector.py" line="117"/>
        <source>{type}  ·  id {id}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_LayerStrip</name>
    <message>
        <location filename="../../widgets/preset_gallery.py" line="166"/>
        <source>Blocks in order, coloured by category:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
