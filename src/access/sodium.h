// libsodium initialisation (private to the access module).
#pragma once

namespace tocsin::access {

// Initialises libsodium once; every function that uses it calls this first.
// Thread-safe and cheap after the first call.
void EnsureSodium();

}  // namespace tocsin::access
