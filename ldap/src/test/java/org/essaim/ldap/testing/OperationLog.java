package org.essaim.ldap.testing;

import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.listener.LDAPListenerRequestHandler;
import com.unboundid.ldap.listener.ProxyRequestHandler;
import com.unboundid.ldap.protocol.AddRequestProtocolOp;
import com.unboundid.ldap.protocol.AddResponseProtocolOp;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.BindResponseProtocolOp;
import com.unboundid.ldap.protocol.CompareRequestProtocolOp;
import com.unboundid.ldap.protocol.CompareResponseProtocolOp;
import com.unboundid.ldap.protocol.DeleteRequestProtocolOp;
import com.unboundid.ldap.protocol.DeleteResponseProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyDNResponseProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SingleServerSet;
import org.essaim.ldap.DirectorySettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy in front of a directory (slapd or the embedded one) that writes down every operation it forwards, so that a
 * test can count what a piece of code asks the directory: {@code BIND <dn>}, {@code SEARCH <base> <scope>
 * <filter>}, {@code MODIFY <dn>}, ... with the result code. Connect a {@code DirectoryConnection} to {@link #settings()}.
 */
public final class OperationLog implements AutoCloseable {

    /** One forwarded operation: its kind, target (DN or search base), details (scope and filter) and result. */
    public record Operation(String kind, String target, String details, int resultCode) {}

    private final List<Operation> operations = new ArrayList<>();
    private final LDAPListener listener;
    private final DirectorySettings backend;

    private OperationLog(DirectorySettings backend) {
        this.backend = backend;
        LDAPListenerConfig config = new LDAPListenerConfig(
                0, new Recording(new ProxyRequestHandler(new SingleServerSet(backend.host(), backend.port()))));
        config.setListenAddress(InetAddress.getLoopbackAddress());
        listener = new LDAPListener(config);
        try {
            listener.startListening();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A proxy on a free port of 127.0.0.1 in front of {@code backend} (plain LDAP). */
    public static OperationLog inFrontOf(DirectorySettings backend) {
        return new OperationLog(backend);
    }

    /** The backend's settings with the proxy's address: connect through it. */
    public DirectorySettings settings() {
        return new DirectorySettings(
                "ldap://127.0.0.1:" + listener.getListenPort(),
                backend.baseDn(),
                backend.bindDn(),
                backend.bindPassword());
    }

    /** What was forwarded since the last call, in order; the log starts again empty. */
    public synchronized List<Operation> take() {
        List<Operation> taken = List.copyOf(operations);
        operations.clear();
        return taken;
    }

    private synchronized void record(Operation operation) {
        operations.add(operation);
    }

    @Override
    public void close() {
        listener.shutDown(true);
    }

    private final class Recording extends LDAPListenerRequestHandler {

        private final LDAPListenerRequestHandler proxy;

        Recording(LDAPListenerRequestHandler proxy) {
            this.proxy = proxy;
        }

        @Override
        public LDAPListenerRequestHandler newInstance(LDAPListenerClientConnection connection) throws LDAPException {
            return new Recording(proxy.newInstance(connection));
        }

        @Override
        public void closeInstance() {
            proxy.closeInstance();
        }

        private LDAPMessage logged(String kind, String target, String details, LDAPMessage answer) {
            record(new Operation(kind, target, details, resultCode(answer)));
            return answer;
        }

        private static int resultCode(LDAPMessage answer) {
            return switch (answer.getProtocolOp()) {
                case BindResponseProtocolOp r -> r.getResultCode();
                case SearchResultDoneProtocolOp r -> r.getResultCode();
                case AddResponseProtocolOp r -> r.getResultCode();
                case ModifyResponseProtocolOp r -> r.getResultCode();
                case DeleteResponseProtocolOp r -> r.getResultCode();
                case ExtendedResponseProtocolOp r -> r.getResultCode();
                case CompareResponseProtocolOp r -> r.getResultCode();
                case ModifyDNResponseProtocolOp r -> r.getResultCode();
                default -> -1;
            };
        }

        @Override
        public LDAPMessage processAddRequest(int id, AddRequestProtocolOp op, List<Control> controls) {
            return logged("ADD", op.getDN(), "", proxy.processAddRequest(id, op, controls));
        }

        @Override
        public LDAPMessage processBindRequest(int id, BindRequestProtocolOp op, List<Control> controls) {
            return logged("BIND", op.getBindDN(), "", proxy.processBindRequest(id, op, controls));
        }

        @Override
        public LDAPMessage processCompareRequest(int id, CompareRequestProtocolOp op, List<Control> controls) {
            return logged("COMPARE", op.getDN(), op.getAttributeName(), proxy.processCompareRequest(id, op, controls));
        }

        @Override
        public LDAPMessage processDeleteRequest(int id, DeleteRequestProtocolOp op, List<Control> controls) {
            return logged("DELETE", op.getDN(), "", proxy.processDeleteRequest(id, op, controls));
        }

        @Override
        public LDAPMessage processExtendedRequest(int id, ExtendedRequestProtocolOp op, List<Control> controls) {
            return logged("EXTENDED", op.getOID(), "", proxy.processExtendedRequest(id, op, controls));
        }

        @Override
        public LDAPMessage processModifyRequest(int id, ModifyRequestProtocolOp op, List<Control> controls) {
            return logged("MODIFY", op.getDN(), "", proxy.processModifyRequest(id, op, controls));
        }

        @Override
        public LDAPMessage processModifyDNRequest(int id, ModifyDNRequestProtocolOp op, List<Control> controls) {
            return logged("MODIFY_DN", op.getDN(), "", proxy.processModifyDNRequest(id, op, controls));
        }

        @Override
        public LDAPMessage processSearchRequest(int id, SearchRequestProtocolOp op, List<Control> controls) {
            return logged(
                    "SEARCH",
                    op.getBaseDN(),
                    op.getScope() + " " + op.getFilter(),
                    proxy.processSearchRequest(id, op, controls));
        }
    }
}
