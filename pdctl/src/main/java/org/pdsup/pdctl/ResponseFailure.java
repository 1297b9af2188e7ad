package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Response;

/** The server answered with an error; pdctl reports it (as text or JSON) and exits with its status. */
final class ResponseFailure extends CommandFailure {
    private static final long serialVersionUID = 1L;
    private final transient Response response;

    ResponseFailure(Response response) {
        super(ExitCodes.forError(response.errorCode()), response.errorMessage());
        this.response = response;
    }

    Response response() {
        return response;
    }
}
