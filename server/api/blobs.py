"""Blobs: photos and signature images, uploaded apart from record sync, named by their
SHA-256 (docs/sync-protocol.md, "Photos and signatures")."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask.views import MethodView

from server.api.blueprint import Blueprint
from server.api.schemas.media import (
    BlobReadArgs,
    BlobSchema,
    BlobUploadArgs,
    UploadStatusSchema,
)
from server.auth import current_user
from server.errors import NotFound
from server.services import blobs

blp = Blueprint(
    "blobs",
    __name__,
    description="Photos and signature images by SHA-256: resumable upload, then read "
    "(original, display, thumb), only by users who may see a record showing them.",
)

#: Blobs never change (their name is their hash): cache for a year, privately.
CACHE_CONTROL = "private, max-age=31536000, immutable"


def _hash_or_404(sha256: str) -> str:
    sha256 = sha256.lower()
    if not blobs.is_sha256(sha256):
        raise NotFound("Blob not found.", key="errors.notFound")
    return sha256


@blp.route("/<sha256>")
class BlobByHash(MethodView):
    @blp.arguments(BlobReadArgs, location="query")
    @blp.response(200, description="The image bytes (EXIF and other metadata removed).")
    @blp.alt_response(304, description="Not modified (If-None-Match matched).")
    @blp.alt_response(404, description="Not stored, or not visible to you.")
    def get(self, args, sha256: str):
        """The image: ``variant`` original, display (default) or thumb. Cacheable for
        ever by hash (ETag = sha256)."""
        sha256 = _hash_or_404(sha256)
        user = current_user()
        if not blobs.may_see(user, sha256):
            raise NotFound("Blob not found.", key="errors.notFound")
        etag = f'"{sha256}"'
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Authorization"}
        if request.if_none_match.contains(sha256):
            return Response(status=304, headers=headers)
        blob, content = blobs.read_variant(sha256, args["variant"])
        return Response(content, mimetype=blob.content_type, headers=headers)

    @blp.response(200, description="Stored, and yours to read.")
    @blp.alt_response(404, description="Not stored, or not visible to you (upload it).")
    def head(self, sha256: str):
        """Whether the server has the blob for you (a phone asks before uploading): a
        blob you may not read answers 404, as if it were not stored."""
        sha256 = _hash_or_404(sha256)
        if not blobs.may_see(current_user(), sha256):
            raise NotFound("Blob not found.", key="errors.notFound")
        return Response(status=200)


@blp.route("/<sha256>/upload")
class BlobUpload(MethodView):
    @blp.response(200, UploadStatusSchema)
    def get(self, sha256: str):
        """How much of your upload arrived: ``received`` bytes (0 if none), the announced
        ``size`` (null if none), ``complete`` once the blob is stored and yours to read.
        Another user's upload, or a blob you may not read, answers as if there were none."""
        return blobs.upload_status(_hash_or_404(sha256), current_user())

    @blp.arguments(BlobUploadArgs, location="query")
    @blp.response(200, UploadStatusSchema, description="Chunk stored; send the next.")
    @blp.alt_response(201, schema=BlobSchema, description="Last chunk: the blob is stored.")
    @blp.alt_response(
        409, description="The offset is not where the upload stands (``received`` says where)."
    )
    @blp.alt_response(413, description="errors.blob.tooLarge; nothing stored.")
    @blp.alt_response(
        422,
        description="errors.blob.hashMismatch, notAnImage, truncated, "
        "decompressionBomb, tooLargeToDecode or sizeMismatch; the partial upload is "
        "discarded.",
    )
    @blp.alt_response(
        429,
        description="errors.blob.tooManyUploads: BLOB_UPLOADS_IN_FLIGHT of yours are "
        "unfinished; finish one first.",
    )
    def put(self, args, sha256: str):
        """Send one chunk (raw bytes, application/octet-stream) starting at ``offset`` of
        a blob of ``size`` bytes. A stored blob you may read answers 200 complete at once;
        one you may not is uploaded like any other (200 complete with the last chunk)."""
        sha256 = _hash_or_404(sha256)
        limit = current_app.config["BLOB_MAX_BYTES"]
        if (request.content_length or 0) > limit:
            raise blobs.BlobRefused(f"At most {limit} bytes.", key="errors.blob.tooLarge", code=413)
        request.max_content_length = limit  # a body without Content-Length stops there too
        data = request.get_data(cache=False)
        if len(data) > limit:
            raise blobs.BlobRefused(f"At most {limit} bytes.", key="errors.blob.tooLarge", code=413)
        answer, state = blobs.put_chunk(sha256, args["offset"], args["size"], data, current_user())
        if state == blobs.PARTIAL:
            return jsonify(UploadStatusSchema().dump(answer)), 200
        return jsonify(BlobSchema().dump(answer)), 201 if state == blobs.STORED else 200
