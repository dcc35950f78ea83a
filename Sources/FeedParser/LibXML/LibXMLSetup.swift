internal import CLibXML2

/// libxml2's one-time global initialisation. It must run before any parser context is
/// created on any thread: 2.9.14 initialises its dictionary and random-seed mutexes lazily
/// and racily otherwise (two threads creating their first context at once deadlocked in
/// __xmlRandom, seen in this test suite). Swift runs a global's initialiser exactly once,
/// thread-safely, so every libxml2 entry point touches `LibXMLSetup.ready` first.
enum LibXMLSetup {
    static let ready: Void = {
        xmlInitParser()
        fc_silence_generic_errors()
    }()
}
