package dev.roger.job;

import dev.roger.api.JobTooLargeException;

/**
 * The largest job message Roger accepts ({@code roger.max-message-bytes}): well below the broker's
 * own limit, so a job the broker would refuse, which would close the publishing channel under the
 * other jobs on it, is refused at enqueue instead.
 */
public record MessageLimit(int maxBytes) {

    /** @throws JobTooLargeException when {@code body} is larger than the limit */
    public byte[] check(byte[] body) {
        if (body.length > maxBytes) {
            throw new JobTooLargeException(body.length, maxBytes);
        }
        return body;
    }
}
