/* server: `bulletin rpc`, the libuv side of the Neovim helper.
 *
 * Reads msgpack-RPC from stdin (a pipe), cuts it into frames with
 * bl_frame_scan(), decodes each complete frame with msgpack-c and hands it
 * to the dispatcher (rpc.h). After every read burst (a uv_check handle,
 * run once per loop iteration after all ready input has been read) it asks
 * the dispatcher for the pushes of the buffers that changed, so bursts of
 * edits are coalesced with no timer delay. Writes go to a private copy of
 * fd 1; fd 1 itself is pointed at stderr so that stray output cannot
 * corrupt the stream.
 *
 * Exit status: 0 on stdin EOF or SIGTERM (pending writes flushed with
 * uv_shutdown, everything freed), 2 on a usage error, when stdin/stdout are
 * not pipes, or on malformed/oversized input (after one _on_error
 * notification), 1 on an I/O error. */
#pragma once

/* argv[0] is the subcommand ("rpc"); options follow (only --help). */
int bl_server_main(int argc, char **argv);
