import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// The Live panel as a person types into it. Defect: a typed endpoint was ignored until Enter,
// so Send went (with the key) to the endpoint shown before.
TestCase {
    id: test
    name: "LivePanel"
    when: windowShown
    width: 400
    height: 600
    visible: true

    Component {
        id: panelComponent
        LivePanel {
            width: 400
            session: LiveSession { engine: StudioEngine }
        }
    }

    function typeInto(field, text) {
        field.forceActiveFocus()
        for (const c of text)
            keyClick(c)
    }

    function test_typedEndpointIsUsedWithoutEnter() {
        const panel = createTemporaryObject(panelComponent, test)
        const endpoint = findChild(panel, "endpoint")
        verify(endpoint)
        endpoint.contentItem.selectAll()
        typeInto(endpoint.contentItem, "http://127.0.0.1:9/v1")
        compare(endpoint.editText, "http://127.0.0.1:9/v1")
        compare(panel.session.endpoint, "http://127.0.0.1:9/v1")
    }

    function test_typedModelIsUsedWithoutEnter() {
        const panel = createTemporaryObject(panelComponent, test)
        const model = findChild(panel, "model")
        verify(model)
        model.selectAll()
        typeInto(model, "qwen3")
        compare(panel.session.model, "qwen3")
    }
}
