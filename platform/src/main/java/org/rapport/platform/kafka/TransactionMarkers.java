package org.rapport.platform.kafka;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * Writes one transaction marker — commit or abort — on one partition, with the request a transaction coordinator
 * sends ({@code WriteTxnMarkers}). {@code Admin.abortTransaction} (KIP-664) can only abort; a transaction its
 * coordinator committed needs a commit marker, or its records on that partition would be discarded.
 *
 * <p>The marker carries no transaction version, so the partition applies the classic check (marker epoch at least
 * the producer's epoch): it is written with the epoch and coordinator epoch the partition itself reports.
 */
final class TransactionMarkers {

    private static final String CLIENT_ID = "rapport-transaction-recovery";
    private static final AtomicInteger CORRELATION = new AtomicInteger();
    private static final long RETRY_BACKOFF_MILLIS = 500;

    private TransactionMarkers() {
    }

    /**
     * Writes the marker on the partition's leader, retrying while the partition or its coordinator is loading. False
     * when the partition has meanwhile moved past that producer epoch (someone else completed the transaction).
     */
    static boolean write(Node leader, HangingTransactions.Open open, boolean commit, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Errors error = send(leader, open, commit, timeout);
            if (error == Errors.NONE) {
                return true;
            }
            if (error == Errors.INVALID_PRODUCER_EPOCH || error == Errors.TRANSACTION_COORDINATOR_FENCED) {
                return false;
            }
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                throw new IOException("writing the " + (commit ? "commit" : "abort") + " marker on " + open
                        + " failed: " + error.name());
            }
            Thread.sleep(RETRY_BACKOFF_MILLIS);
        }
    }

    private static Errors send(Node leader, HangingTransactions.Open open, boolean commit, Duration timeout)
            throws IOException {
        WriteTxnMarkersRequestData data = new WriteTxnMarkersRequestData();
        data.markers().add(new WriteTxnMarkersRequestData.WritableTxnMarker()
                .setProducerId(open.producerId())
                .setProducerEpoch(open.producerEpoch())
                .setCoordinatorEpoch(Math.max(open.coordinatorEpoch(), 0))
                .setTransactionResult(commit)
                .setTopics(List.of(new WriteTxnMarkersRequestData.WritableTxnMarkerTopic()
                        .setName(open.partition().topic())
                        .setPartitionIndexes(List.of(open.partition().partition())))));
        short version = ApiKeys.WRITE_TXN_MARKERS.latestVersion();
        RequestHeader header = new RequestHeader(ApiKeys.WRITE_TXN_MARKERS, version, CLIENT_ID,
                CORRELATION.incrementAndGet());
        ByteBuffer request = new WriteTxnMarkersRequest.Builder(data).build(version).serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(leader.host(), leader.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] bytes = new byte[request.remaining()];
            request.duplicate().get(bytes);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            WriteTxnMarkersResponse response = (WriteTxnMarkersResponse) AbstractResponse.parseResponse(
                    ByteBuffer.wrap(body), header);
            return response.errorsByProducerId().get(open.producerId()).getOrDefault(open.partition(), Errors.NONE);
        }
    }
}
