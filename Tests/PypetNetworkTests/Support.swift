public import PypetNetwork
public import PypetTestSupport

extension NetworkError: CodedError {}
