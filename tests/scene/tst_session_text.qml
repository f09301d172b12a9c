import QtQuick
import QtTest
import OSSynapse.Studio

// The session text panel on its own (no skull, no View3D): each part follows new text while
// the reader stays at its end, stays where the reader scrolled up to, and follows again from
// the end or its ↓ button.
TestCase {
    id: test
    name: "SessionTextPanel"
    when: windowShown
    width: 400
    height: 400
    visible: true

    Component {
        id: panelComponent
        SessionTextPanel {
            width: 300
            height: 300
        }
    }

    function lines(from, to) {
        let text = ""
        for (let i = from; i < to; ++i)
            text += "Line " + i + " of the answer, long enough to wrap once or twice here. "
        return text
    }

    function flickOf(panel, part) {
        const item = findChild(panel, part)
        verify(item)
        return item.flickable
    }

    function atEnd(flick) {
        return Math.abs(flick.contentY - Math.max(0, flick.contentHeight - flick.height)) < 1
    }

    function test_followsNewTextUntilScrolledUp_data() {
        return [
            { tag: "answer", part: "answerPart", property: "answer" },
            { tag: "reasoning", part: "reasoningPart", property: "reasoning" }
        ]
    }

    function test_followsNewTextUntilScrolledUp(data) {
        const panel = createTemporaryObject(panelComponent, test)
        const flick = flickOf(panel, data.part)
        panel[data.property] = lines(0, 40)
        tryVerify(() => flick.contentHeight > flick.height * 2, 2000, "the text overflows")
        tryVerify(() => atEnd(flick), 2000, "at the end of the text")
        verify(flick.following)

        // Scrolled up, the view stays put as text arrives.
        flick.contentY = 0
        verify(!flick.following)
        const button = findChild(findChild(panel, data.part), "followButton")
        verify(button.visible, "a way back to the newest text")
        panel[data.property] = lines(0, 60)
        wait(50)
        compare(flick.contentY, 0)

        // Back at the end, it follows again.
        flick.contentY = flick.contentHeight - flick.height
        verify(flick.following)
        panel[data.property] = lines(0, 80)
        tryVerify(() => atEnd(flick), 2000, "follows the newest text")

        // The ↓ button picks the newest text up from anywhere.
        flick.contentY = 10
        verify(!flick.following)
        mouseClick(button)
        verify(flick.following)
        tryVerify(() => atEnd(flick), 2000)
    }

    // A seek back shortens the text: the view follows it back to the new end.
    function test_shorterTextIsFollowedBack() {
        const panel = createTemporaryObject(panelComponent, test)
        const flick = flickOf(panel, "answerPart")
        panel.answer = lines(0, 60)
        tryVerify(() => atEnd(flick) && flick.contentY > 0)
        panel.answer = lines(0, 20)
        tryVerify(() => atEnd(flick), 2000, "at the end of the shorter text")
        panel.answer = ""
        tryCompare(flick, "contentY", 0)
        verify(flick.following)
    }

    function test_placeholders_data() {
        return [
            { tag: "nothing streamed yet", hasText: true,
              reasoning: "No reasoning yet.", answer: "No answer yet." },
            { tag: "a recording with no text", hasText: false,
              reasoning: "This recording holds no text, only token counts.", answer: "" }
        ]
    }

    function test_placeholders(data) {
        const panel = createTemporaryObject(panelComponent, test, { hasText: data.hasText })
        compare(findChild(panel, "reasoningPart").placeholder, data.reasoning)
        compare(findChild(panel, "answerPart").placeholder, data.answer)
    }
}
