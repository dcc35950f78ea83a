internal import CCurl

/// `curl_global_init` must run once, before any other libcurl call and not
/// concurrently with itself; a lazily initialised global gives exactly that
/// (swift-corelibs-foundation's libcurlHelpers.swift does the same).
let curlGlobalInitialization: Void = {
    let code = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    precondition(code == CURLE_OK, "curl_global_init failed: \(code.rawValue)")
}()
