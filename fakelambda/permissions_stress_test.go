package fakelambda

import (
	"math/rand"
	"strconv"
)

// stressPermissionOp is stressOp's share of the permission operations:
// AddPermission and RemovePermission on the function or qualifier q (an
// alias or a version, which other workers delete and recreate), GetPolicy,
// and the full-document Get/Put/DeleteResourcePolicy on the same scopes, so
// statements are added and removed concurrently with the cascades.
func stressPermissionOp(rng *rand.Rand, name, q string) (method, target string, body []byte) {
	fnPath := "/2015-03-31/functions/" + name
	query := ""
	arn := "arn:aws:lambda:us-east-1:123456789012:function:" + name
	if rng.Intn(2) == 0 {
		query = "?Qualifier=" + q
		arn += ":" + q
	}
	sid := "p" + strconv.Itoa(rng.Intn(3))
	switch rng.Intn(8) {
	case 0, 1, 2:
		principal := []string{"s3.amazonaws.com", "123456789012", "*", "arn:aws:iam::123456789012:role/r"}[rng.Intn(4)]
		return "POST", fnPath + "/policy" + query, []byte(`{"StatementId":"` + sid + `","Action":"lambda:InvokeFunction","Principal":"` + principal +
			`","SourceArn":"arn:aws:s3:::b` + strconv.Itoa(rng.Intn(100)) + `"}`)
	case 3, 4:
		return "DELETE", fnPath + "/policy/" + sid + query, nil
	case 5:
		return "GET", "/2026-07-09/resource-policy/" + arn, nil
	case 6:
		return "PUT", "/2026-07-09/resource-policy/" + arn, []byte(`{"Policy":"{\"Version\":\"2012-10-17\",\"Id\":\"doc\",\"Statement\":[{\"Sid\":\"` + sid +
			`\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\"}]}"}`)
	default:
		return "DELETE", "/2026-07-09/resource-policy/" + arn, nil
	}
}
