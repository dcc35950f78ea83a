#ifndef FEEDCRAWLER_CCURL_SHIM_H
#define FEEDCRAWLER_CCURL_SHIM_H
#include <curl/curl.h>

/*
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which
 * Swift cannot call. Each wrapper below fixes one argument type (as
 * swift-corelibs-foundation's CFURLSession_easy_setopt_long/_ptr/_int64/_wc do)
 * and returns curl's code unchanged, so the Swift side can keep it in errors.
 * Only files under Sources/Fetcher/Curl/ use these.
 */

/* Options taking a long: CURLOPT_NOSIGNAL, CURLOPT_HTTP_VERSION, timeouts... */
static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options taking a C string; libcurl copies it (CURLOPT_URL, CURLOPT_USERAGENT...). */
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options taking an untyped pointer kept by libcurl (CURLOPT_WRITEDATA,
   CURLOPT_ERRORBUFFER...): the caller keeps it alive for the handle's life. */
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options taking a header list (CURLOPT_HTTPHEADER); libcurl does not copy it. */
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options taking a curl_off_t (CURLOPT_MAXFILESIZE_LARGE...). */
static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this prototype. */
static inline CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/* CURLOPT_PREREQFUNCTION (7.80+): called once connected, before the request is sent. */
static inline CURLcode ccurl_easy_setopt_prereq_callback(CURL *handle, CURLoption option, curl_prereq_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* The string stays owned by the handle: copy it before the handle goes away. */
static inline CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

#endif
